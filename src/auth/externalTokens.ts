import jwt from 'jsonwebtoken';
import type { JwksClient } from 'jwks-rsa';
import type { Config } from '../config/loadConfig';
import { isUserError } from '../errors';
import { UniqueViolation, type Store, type StoredDoc } from '../store/Store';
import { unauthenticated } from './authenticate';
import type { Viewer } from '../Viewer';

/** The signatures a provider's tokens may carry (docs/api.md#users-and-tokens); anything else is refused. */
export const EXTERNAL_ALGORITHMS: jwt.Algorithm[] = ['RS256', 'ES256'];

/** How long a fetched key is trusted before the JWKS is asked again. */
export const JWKS_CACHE_MAX_AGE_MS = 10 * 60 * 1000;

/**
 * JWKS fetches per minute, at most. A token with an unknown `kid` makes the server fetch the
 * JWKS again (the provider may have rotated its keys); this bounds what a flood of tokens
 * with made-up `kid`s can make the server send to the provider. Past it, such tokens are
 * refused until the minute is over.
 */
export const JWKS_REQUESTS_PER_MINUTE = 10;

/** How long one JWKS fetch may take before the token is refused. */
export const JWKS_TIMEOUT_MS = 5000;

/** Signing keys kept per process (providers publish two or three at a time). */
const JWKS_CACHE_MAX_ENTRIES = 20;

export interface ExternalTokenOptions {
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** Create the User on first sight of a `sub` (`JWT_AUTO_CREATE_USERS`). */
  autoCreateUsers: boolean;
  /** The claim the new user's `username` comes from (`JWT_USERNAME_CLAIM`). */
  usernameClaim: string;
  users: ExternalUsers;
}

/** Where users are stored, told by the caller (auth/ knows the store, not the app model). */
export interface ExternalUsers {
  collection: string;
  /** The User field that holds the provider's `sub` (`externalId`, docs/api.md#users-and-tokens). */
  externalIdField: string;
  /** The stored document of a new user with these fields (id, defaults, times), as every create makes it. */
  newDocument(fields: Record<string, unknown>): StoredDoc;
}

export interface ExternalTokens {
  /** Whether a token claims to be signed by a provider's key (its `alg` is one of ours). */
  claims(token: string): boolean;
  /** A provider's JWT → the user whose `externalId` is its `sub`; any failure is UNAUTHENTICATED. */
  verify(token: string): Promise<Viewer>;
}

/**
 * Tokens from a third-party identity provider (Auth0, Firebase, Clerk, Keycloak; docs/api.md#users-and-tokens),
 * verified with the keys it publishes at `JWT_JWKS_URL` (jwks-rsa: cached, fetched again for
 * an unknown `kid`, rate-limited). Issuer and audience are always checked.
 */
export function createExternalTokens(store: Store, options: ExternalTokenOptions): ExternalTokens {
  // jwks-rsa is loaded with the first provider token, not at start.
  let client: Promise<JwksClient> | undefined;
  const jwks = () =>
    (client ??= import('jwks-rsa').then(
      ({ JwksClient }) =>
        new JwksClient({
          jwksUri: options.jwksUrl,
          cache: true,
          cacheMaxAge: JWKS_CACHE_MAX_AGE_MS,
          cacheMaxEntries: JWKS_CACHE_MAX_ENTRIES,
          rateLimit: true,
          jwksRequestsPerMinute: JWKS_REQUESTS_PER_MINUTE,
          timeout: JWKS_TIMEOUT_MS,
        }),
    ));
  const { collection: users, externalIdField, newDocument } = options.users;

  async function publicKeyFor(header: jwt.JwtHeader): Promise<string> {
    if (!header.kid) throw unauthenticated('this token names no signing key (kid)');
    try {
      const key = await (await jwks()).getSigningKey(header.kid);
      // A key published for one algorithm is not used for another.
      if (key.alg && key.alg !== header.alg) throw unauthenticated("this token's alg does not match its signing key");
      return key.getPublicKey();
    } catch (error) {
      if (isUserError(error)) throw error;
      // Unknown kid, JWKS unreachable or over its rate limit: the token cannot be checked.
      throw unauthenticated('this token is signed by a key the identity provider does not publish');
    }
  }

  async function userFor(payload: jwt.JwtPayload): Promise<StoredDoc> {
    const sub = payload.sub as string;
    const [found] = await store.find(users, { filter: { [externalIdField]: { $eq: sub } }, sort: [], limit: 1 });
    if (found) return found;
    if (!options.autoCreateUsers) throw unauthenticated('no user is linked to this identity (externalId)');
    const username = payload[options.usernameClaim];
    if (typeof username !== 'string' || username === '') {
      throw unauthenticated(`this token has no "${options.usernameClaim}" claim to name the new user`);
    }
    const user = newDocument({ username, [externalIdField]: sub });
    try {
      await store.insert(users, user);
      return user;
    } catch (error) {
      if (!(error instanceof UniqueViolation)) throw error;
      // Two first requests at once: the other one made the user.
      const [made] = await store.find(users, { filter: { [externalIdField]: { $eq: sub } }, sort: [], limit: 1 });
      if (made) return made;
      throw unauthenticated(`the username "${username}" is taken by another account`);
    }
  }

  return {
    claims(token) {
      const decoded = jwt.decode(token, { complete: true });
      return decoded !== null && EXTERNAL_ALGORITHMS.includes(decoded.header.alg as jwt.Algorithm);
    },
    async verify(token) {
      const decoded = jwt.decode(token, { complete: true });
      if (!decoded) throw unauthenticated('this token is not valid');
      const key = await publicKeyFor(decoded.header);
      let payload: jwt.JwtPayload;
      try {
        const verified = jwt.verify(token, key, {
          algorithms: EXTERNAL_ALGORITHMS,
          issuer: options.issuer,
          audience: options.audience,
        });
        if (typeof verified === 'string') throw new jwt.JsonWebTokenError('no claims');
        payload = verified;
      } catch (error) {
        if (error instanceof jwt.TokenExpiredError) throw unauthenticated('this token has expired');
        if (error instanceof jwt.NotBeforeError) throw unauthenticated('this token is not valid yet');
        throw unauthenticated('this token is not valid');
      }
      if (typeof payload.sub !== 'string' || payload.sub === '')
        throw unauthenticated('this token names no user (sub)');
      if (typeof payload.exp !== 'number') throw unauthenticated('this token has no expiry (exp)');
      const user = await userFor(payload);
      return { kind: 'user', id: user._id, user };
    },
  };
}

/** The provider's tokens when `JWT_JWKS_URL` is set (config requires issuer and audience with it). */
export function externalTokensFrom(config: Config, store: Store, users: ExternalUsers): ExternalTokens | undefined {
  if (!config.JWT_JWKS_URL) return undefined;
  return createExternalTokens(store, {
    jwksUrl: config.JWT_JWKS_URL,
    issuer: config.JWT_ISSUER!,
    audience: config.JWT_AUDIENCE!,
    users,
    autoCreateUsers: config.JWT_AUTO_CREATE_USERS === 'true',
    usernameClaim: config.JWT_USERNAME_CLAIM,
  });
}
