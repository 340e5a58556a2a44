import { hash, randomBytes } from 'node:crypto';
import type { CollectionSpec, Store, StoredDoc, StoreOperations } from '../store/Store';

/**
 * The single-use tokens account mail carries (docs/accounts.md): `{ _id: sha256(token), purpose,
 * user, email, tokenVersion, expiresAt }`. Only the hash is stored, so a copy of the database
 * resets no password; 256 random bits make a guess hopeless, so a hash without salt suffices.
 */
export const ACCOUNT_TOKENS: CollectionSpec = {
  name: '_account_tokens',
  indexes: [{ fields: ['user'] }, { fields: ['expiresAt'] }],
};

export type TokenPurpose = 'password-reset' | 'verify-email';

/** A token as stored, found by `consume`. */
export interface AccountToken {
  user: string;
  /** The address the token was mailed to: it proves that address, and no other. */
  email: string;
  /** The user's token version when it was mailed: a password change since ends it. */
  tokenVersion: string | null;
}

/** The length of every token `issue` makes: anything else is refused without a lookup. */
const TOKEN_LENGTH = 43;

function hashed(token: string): string {
  return hash('sha256', token, 'hex');
}

export class OneTimeTokens {
  private lastPrune = 0;

  constructor(private readonly store: Store) {}

  async issue(
    purpose: TokenPurpose,
    user: StoredDoc,
    email: string,
    tokenVersion: string | null,
    ttlSeconds: number,
  ): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.store.insert(ACCOUNT_TOKENS.name, {
      _id: hashed(token),
      purpose,
      user: user._id,
      email,
      tokenVersion,
      expiresAt: Date.now() + ttlSeconds * 1000,
    });
    await this.pruneNowAndThen();
    return token;
  }

  /**
   * Within the caller's transaction: the token of `purpose`, deleted with every other token of
   * that purpose its user holds, so it works once and a later mail's link does not outlive it.
   * Null for a token that is unknown, used, expired or meant for something else. The caller's
   * transaction undoes the deletion if the caller then refuses.
   */
  async consume(tx: StoreOperations, purpose: TokenPurpose, token: string): Promise<AccountToken | null> {
    if (token.length !== TOKEN_LENGTH) return null;
    const [found] = await tx.findByIds(ACCOUNT_TOKENS.name, [hashed(token)]);
    if (!found || found.purpose !== purpose || (found.expiresAt as number) <= Date.now()) return null;
    await tx.deleteMany(ACCOUNT_TOKENS.name, { user: { $eq: found.user as string }, purpose: { $eq: purpose } });
    return {
      user: found.user as string,
      email: found.email as string,
      tokenVersion: (found.tokenVersion as string | null) ?? null,
    };
  }

  /** Expired tokens are dropped at most once an hour by each process. */
  private async pruneNowAndThen(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPrune < 3_600_000) return;
    this.lastPrune = now;
    await this.store.deleteMany(ACCOUNT_TOKENS.name, { expiresAt: { $lte: now } });
  }
}
