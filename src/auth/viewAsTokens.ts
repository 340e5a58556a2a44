import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Store, StoredDoc } from '../store/Store';
import type { Viewer } from '../Viewer';
import { unauthenticated } from './authenticate';
import { TOKEN_VERSION } from './userTokens';

/** What tells a view-as token from an admin token or a user's JWT in the `Authorization` header. */
export const VIEW_AS_TOKEN_PREFIX = 'gk_viewas_';

/**
 * How long a view-as token works (docs/console.md#view-as): long enough to look around as someone,
 * short enough that one left in a browser tab soon stops working.
 */
export const VIEW_AS_TOKEN_TTL_SECONDS = 15 * 60;

export interface ViewAsTokens {
  /** A read-only token that sees what `user` sees, or what an anonymous client sees without one. */
  sign(user: StoredDoc | undefined, now?: number): { token: string; expiresAt: string };
  /** The read-only viewer a view-as token stands for; any failed check is UNAUTHENTICATED. */
  verify(token: string): Promise<Viewer>;
}

/**
 * View-as tokens (docs/console.md#view-as), minted by `createViewAsToken` for an admin. They are
 * JWTs signed with keys derived from the JWT secrets for this one purpose, so a view-as token
 * never passes as a user's token (nor the reverse), whatever its claims. A user's token version
 * rides along: a password change ends the view too. What a token may do is decided elsewhere:
 * its viewer is `readOnly`, and the schema refuses every mutation and subscription to it.
 */
export function createViewAsTokens(
  store: Store,
  options: { secrets: string[]; usersCollection: string },
): ViewAsTokens {
  const keys: KeyObject[] = options.secrets.map((secret) =>
    createSecretKey(createHmac('sha256', secret).update('graphkeep view-as token').digest()),
  );

  function decode(jwtText: string): jwt.JwtPayload {
    let lastError: unknown;
    for (const key of keys) {
      try {
        const payload = jwt.verify(jwtText, key, { algorithms: ['HS256'] });
        if (typeof payload !== 'string') return payload;
      } catch (error) {
        lastError = error;
        if (!(error instanceof jwt.JsonWebTokenError) || error.message !== 'invalid signature') break;
      }
    }
    if (lastError instanceof jwt.TokenExpiredError)
      throw unauthenticated('this view-as token has expired; start viewing as again from the console');
    throw unauthenticated('this view-as token is not valid');
  }

  return {
    sign(user, now = Date.now()) {
      const issuedAt = Math.floor(now / 1000);
      const expires = issuedAt + VIEW_AS_TOKEN_TTL_SECONDS;
      const claims = user ? { va: 1, sub: user._id, tv: user[TOKEN_VERSION] ?? null } : { va: 1 };
      const token = jwt.sign({ ...claims, iat: issuedAt, exp: expires }, keys[0], { algorithm: 'HS256' });
      return { token: VIEW_AS_TOKEN_PREFIX + token, expiresAt: new Date(expires * 1000).toISOString() };
    },
    async verify(token) {
      const payload = decode(token.slice(VIEW_AS_TOKEN_PREFIX.length));
      if (payload.va !== 1 || typeof payload.exp !== 'number') throw unauthenticated('this view-as token is not valid');
      if (payload.sub === undefined) return { kind: 'anonymous', readOnly: true };
      const [user] =
        typeof payload.sub === 'string' ? await store.findByIds(options.usersCollection, [payload.sub]) : [];
      if (!user) throw unauthenticated('the user of this view-as token no longer exists');
      if ((payload.tv ?? null) !== (user[TOKEN_VERSION] ?? null))
        throw unauthenticated('this view-as token was ended by a password change');
      return { kind: 'user', id: user._id, user, readOnly: true };
    },
  };
}
