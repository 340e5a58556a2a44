import { userError } from '../errors';
import type { Store } from '../store/Store';
import { ADMIN_TOKEN_PREFIX, verifyAdminToken } from './adminTokens';
import { ANONYMOUS, type Viewer } from '../Viewer';

/** Longer `Authorization` headers are refused before any work is done on them. */
export const MAX_AUTHORIZATION_LENGTH = 4096;

export interface Authenticator {
  /** `Authorization` header → who is asking. A token that fails any check throws UNAUTHENTICATED. */
  viewerFrom(authorization: string | undefined): Promise<Viewer>;
}

export type UserTokenVerifier = (token: string) => Promise<Viewer>;

export function unauthenticated(message: string) {
  return userError('UNAUTHENTICATED', message, { http: { status: 401 } });
}

/**
 * docs/api.md#users-and-tokens: no header is anonymous; `Bearer <token>` (scheme case-insensitive) is an admin
 * token or a user's JWT; anything else presented is an error, never a silent anonymous.
 */
export function createAuthenticator(store: Store, verifyUserToken: UserTokenVerifier): Authenticator {
  return {
    async viewerFrom(authorization) {
      if (authorization === undefined || authorization === '') return ANONYMOUS;
      if (authorization.length > MAX_AUTHORIZATION_LENGTH)
        throw unauthenticated('the Authorization header is too long');
      const match = /^bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!match) throw unauthenticated('expected "Authorization: Bearer <token>"');
      const token = match[1];
      if (token.startsWith(ADMIN_TOKEN_PREFIX)) {
        const name = await verifyAdminToken(store, token);
        if (!name) throw unauthenticated('this admin token is not valid (revoked or never issued)');
        return { kind: 'adminToken', name };
      }
      return verifyUserToken(token);
    },
  };
}
