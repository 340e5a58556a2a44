import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Cross-origin access for browser apps (SPEC §8 `CORS_ORIGINS`): a comma-separated list of
 * origins, or `*`. Unset: any origin in development, none in production. Tokens travel in the
 * Authorization header, never cookies, so credentials are not allowed cross-origin.
 * Returns true when the request was a preflight and has been answered.
 */
export function applyCors(allowed: string[] | '*', request: IncomingMessage, response: ServerResponse): boolean {
  const origin = request.headers.origin;
  response.setHeader('vary', 'Origin');
  const permitted = origin !== undefined && (allowed === '*' || allowed.includes(origin));
  if (permitted) response.setHeader('access-control-allow-origin', allowed === '*' ? '*' : origin);
  if (request.method !== 'OPTIONS') return false;
  if (permitted) {
    response.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    response.setHeader('access-control-allow-headers', 'authorization, content-type, apollo-require-preflight');
    response.setHeader('access-control-max-age', '600');
  }
  response.statusCode = permitted ? 204 : 403;
  response.end();
  return true;
}

export function corsOrigins(setting: string | undefined, production: boolean): string[] | '*' {
  if (setting === undefined) return production ? [] : '*';
  if (setting.trim() === '*') return '*';
  return setting.split(',').map((origin) => origin.trim()).filter((origin) => origin.length > 0);
}
