import type { StoredDoc } from './store/Store';

/**
 * Who is asking, computed once per request from the `Authorization` header (docs/api.md#users-and-tokens).
 * A presented token that fails any check never becomes `anonymous`: it is an error.
 */
export type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'adminToken'; name: string }
  | {
      kind: 'user';
      id: string;
      user: StoredDoc;
      /**
       * The session of a token Graphkeep signed (docs/accounts.md#sessions); null for one signed
       * before tokens named their session; absent for an identity provider's token.
       */
      session?: string | null;
    };

export const ANONYMOUS: Viewer = { kind: 'anonymous' };
