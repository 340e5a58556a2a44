/**
 * The `exp` of a JWT that has already been verified, in epoch milliseconds (undefined for
 * admin tokens and tokens without one). Lets a long-lived connection end when its token does.
 */
export function tokenExpiryMs(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
