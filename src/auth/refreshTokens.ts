import { hash, randomBytes } from 'node:crypto';
import type { CollectionSpec, Store, StoredDoc } from '../store/Store';

/**
 * Refresh tokens (docs/accounts.md#refresh-tokens): `{ _id: sha256(token), family, user,
 * tokenVersion, expiresAt, spent }`. A family is one session: the refresh token a sign-in
 * returns and every one that replaced it. Spent tokens are kept until they expire, so a second
 * use is recognised as the theft it is.
 */
export const REFRESH_TOKENS: CollectionSpec = {
  name: '_refresh_tokens',
  indexes: [{ fields: ['family'] }, { fields: ['user'] }, { fields: ['expiresAt'] }],
};

export const REFRESH_TOKEN_PREFIX = 'gk_refresh_';

/** What using a refresh token found. */
export type Rotation =
  | { result: 'rotated'; user: StoredDoc; family: string; refreshToken: string }
  /** A spent token came back: someone holds a copy. Its family is revoked. */
  | { result: 'reused'; userId: string; family: string }
  | { result: 'refused'; reason: string };

function hashed(token: string): string {
  return hash('sha256', token, 'hex');
}

/** Rotating refresh tokens, stored only as hashes. */
export class RefreshTokens {
  private lastPrune = 0;

  constructor(
    private readonly store: Store,
    private readonly options: { ttlSeconds: number; usersCollection: string; tokenVersionField: string },
  ) {}

  /** A new refresh token of `family` for `user`. */
  async issue(user: StoredDoc, family: string): Promise<string> {
    const token = REFRESH_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    await this.store.insert(REFRESH_TOKENS.name, this.record(token, user, family));
    await this.pruneNowAndThen();
    return token;
  }

  /**
   * Spends `token` and issues its successor in one transaction, so two uses at once cannot
   * both succeed: the second finds it spent. The user must still exist with the token version
   * the family began under (a password change or "log out everywhere" ends families too).
   */
  async rotate(token: string): Promise<Rotation> {
    const next = REFRESH_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    return this.store.transaction(async (tx): Promise<Rotation> => {
      const [found] = await tx.findByIds(REFRESH_TOKENS.name, [hashed(token)]);
      if (!found) return { result: 'refused', reason: 'this refresh token is not valid' };
      const family = found.family as string;
      if (found.spent === true) return { result: 'reused', userId: found.user as string, family };
      if ((found.expiresAt as number) <= Date.now())
        return { result: 'refused', reason: 'this refresh token has expired' };
      const [user] = await tx.findByIds(this.options.usersCollection, [found.user as string]);
      if (!user || (user[this.options.tokenVersionField] ?? null) !== found.tokenVersion)
        return { result: 'refused', reason: 'this session has ended; sign in again' };
      await tx.update(REFRESH_TOKENS.name, found._id, { set: { spent: true } });
      await tx.insert(REFRESH_TOKENS.name, this.record(next, user, family));
      return { result: 'rotated', user, family, refreshToken: next };
    });
  }

  async revokeFamily(family: string): Promise<void> {
    await this.store.deleteMany(REFRESH_TOKENS.name, { family: { $eq: family } });
  }

  async revokeUser(userId: string): Promise<void> {
    await this.store.deleteMany(REFRESH_TOKENS.name, { user: { $eq: userId } });
  }

  private record(token: string, user: StoredDoc, family: string): StoredDoc {
    return {
      _id: hashed(token),
      family,
      user: user._id,
      tokenVersion: user[this.options.tokenVersionField] ?? null,
      expiresAt: Date.now() + this.options.ttlSeconds * 1000,
      spent: false,
    };
  }

  /** Expired tokens are dropped at most once an hour by each process. */
  private async pruneNowAndThen(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPrune < 3_600_000) return;
    this.lastPrune = now;
    await this.store.deleteMany(REFRESH_TOKENS.name, { expiresAt: { $lte: now } });
  }
}
