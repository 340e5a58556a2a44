import { createSecretKey, randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { StoredDoc, Store } from '../store/Store';
import { unauthenticated } from './authenticate';
import { hashPassword } from './passwords';
import { sessionEnded } from './sessions';
import type { Viewer } from '../Viewer';

/** Where a user's password hash and token version live in the stored User document. */
export const PASSWORD_HASH = '_passwordHash';
export const TOKEN_VERSION = '_tokenVersion';

/** Leeway for clocks that disagree a little about `iat`. */
const IAT_LEEWAY_SECONDS = 30;

export interface UserTokenOptions {
  secrets: string[];
  ttlSeconds: number;
  issuer?: string;
  audience?: string;
  usersCollection: string;
}

export interface UserTokens {
  /** A token of `session` (docs/accounts.md#sessions), valid for the configured lifetime. */
  sign(user: StoredDoc, session: string): string;
  /** How long the tokens `sign` makes are valid, in seconds. */
  ttlSeconds: number;
  /** A presented JWT → the user it names; any failed check is UNAUTHENTICATED (docs/api.md#users-and-tokens). */
  verify(token: string): Promise<Viewer>;
}

/** A fresh token version: storing it ends every token that carries the old one. */
export function newTokenVersion(): string {
  return randomBytes(9).toString('base64url');
}

/**
 * What storing a new password writes into the User document: its bcrypt hash and a fresh
 * token version, so every token issued before stops working (docs/api.md#users-and-tokens). Check the password
 * with `assertValidNewPassword` first.
 */
export async function newPasswordFields(password: string): Promise<Record<string, string>> {
  return { [PASSWORD_HASH]: await hashPassword(password), [TOKEN_VERSION]: newTokenVersion() };
}

/**
 * JWTs for users (docs/api.md#users-and-tokens). HS256 only: `algorithms` is pinned, so `alg: none` and a switch to
 * another key type are refused by jsonwebtoken itself. Each token carries the user's token
 * version (`tv`); a password change stores a new one, so older tokens stop working at the one
 * indexed read every authenticated request makes anyway. The same read checks the token's
 * session (`sid`) against the user's ended sessions, for a logout of one device.
 */
export function createUserTokens(store: Store, options: UserTokenOptions): UserTokens {
  const { ttlSeconds, issuer, audience, usersCollection } = options;
  // Key objects, made once: given a string, jsonwebtoken first tries (and fails) to parse it
  // as a public key on every verify, which cost ~0.8 ms per request in the benchmark.
  const secrets = options.secrets.map((secret) => createSecretKey(Buffer.from(secret, 'utf8')));

  function decode(token: string): jwt.JwtPayload {
    let lastError: unknown;
    for (const secret of secrets) {
      try {
        const payload = jwt.verify(token, secret, { algorithms: ['HS256'], issuer, audience });
        if (typeof payload === 'string') throw unauthenticated('this token carries no claims');
        return payload;
      } catch (error) {
        lastError = error;
        // Only a signature mismatch means "try the next secret"; expiry etc. are final.
        if (!(error instanceof jwt.JsonWebTokenError) || error.message !== 'invalid signature') break;
      }
    }
    if (lastError instanceof jwt.TokenExpiredError) throw unauthenticated('this token has expired');
    if (lastError instanceof jwt.NotBeforeError) throw unauthenticated('this token is not valid yet');
    throw unauthenticated('this token is not valid');
  }

  return {
    ttlSeconds,
    sign(user, session) {
      return jwt.sign({ tv: user[TOKEN_VERSION] ?? null, sid: session }, secrets[0], {
        algorithm: 'HS256',
        expiresIn: ttlSeconds,
        subject: user._id,
        ...(issuer ? { issuer } : {}),
        ...(audience ? { audience } : {}),
      });
    },
    async verify(token) {
      const payload = decode(token);
      if (typeof payload.sub !== 'string' || payload.sub === '')
        throw unauthenticated('this token names no user (sub)');
      if (typeof payload.exp !== 'number') throw unauthenticated('this token has no expiry (exp)');
      if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + IAT_LEEWAY_SECONDS) {
        throw unauthenticated('this token was issued in the future (iat)');
      }
      const [user] = await store.findByIds(usersCollection, [payload.sub]);
      if (!user) throw unauthenticated('the user of this token no longer exists');
      if ((payload.tv ?? null) !== (user[TOKEN_VERSION] ?? null)) {
        throw unauthenticated('this token was ended by a password change or a logout; sign in again');
      }
      const session = typeof payload.sid === 'string' ? payload.sid : null;
      if (session !== null && sessionEnded(user, session)) throw unauthenticated('this token was ended by a logout');
      return { kind: 'user', id: user._id, user, session };
    },
  };
}
