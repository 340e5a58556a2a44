import type { StoredDoc } from './store/Store';

/**
 * Who is asking, computed once per request from the `Authorization` header (docs/api.md#users-and-tokens).
 * A presented token that fails any check never becomes `anonymous`: it is an error.
 * `readOnly` marks a view-as token's viewer (docs/console.md#view-as): it reads as that user, or
 * as an anonymous client, and every mutation and subscription is refused.
 */
export type Viewer =
  | { kind: 'anonymous'; readOnly?: true }
  | { kind: 'adminToken'; name: string }
  | {
      kind: 'user';
      id: string;
      user: StoredDoc;
      /** A console view-as token's viewer: reads only (docs/console.md#view-as). */
      readOnly?: true;
      /**
       * The session of a token Graphkeep signed (docs/accounts.md#sessions); null for one signed
       * before tokens named their session; absent for an identity provider's token.
       */
      session?: string | null;
    };

export const ANONYMOUS: Viewer = { kind: 'anonymous' };
