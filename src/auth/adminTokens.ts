import { hash, randomBytes } from 'node:crypto';
import type { CollectionSpec, Store, StoredDoc } from '../store/Store';
import { UniqueViolation } from '../store/Store';
import { newStoredId } from '../store/newStoredId';

/**
 * Admin tokens (docs/api.md#users-and-tokens): random, shown once, stored only as a SHA-256 hash with a name and
 * creation and last-use times. A hash without salt is enough here: the token has 256 bits of
 * randomness, so nobody can guess one from its hash, and lookup stays an index seek.
 */
export const ADMIN_TOKENS: CollectionSpec = {
  name: '_admin_tokens',
  indexes: [
    { fields: ['name'], unique: true },
    { fields: ['hash'], unique: true },
  ],
};

export const ADMIN_TOKEN_PREFIX = 'gk_admin_';

export interface AdminTokenInfo {
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** Runs on every admin request: the one-shot `hash` makes no Hash object (same digest). */
function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
}

export class AdminTokenNameTaken extends Error {}

export async function createAdminToken(store: Store, name: string): Promise<string> {
  const token = ADMIN_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  try {
    await store.insert(ADMIN_TOKENS.name, {
      _id: newStoredId(),
      name,
      hash: hashToken(token),
      createdAt: new Date().toISOString(),
    });
  } catch (error) {
    if (error instanceof UniqueViolation)
      throw new AdminTokenNameTaken(`an admin token named "${name}" exists already`);
    throw error;
  }
  return token;
}

export async function listAdminTokens(store: Store): Promise<AdminTokenInfo[]> {
  const docs = await store.find(ADMIN_TOKENS.name, {
    filter: {},
    sort: [
      { field: 'createdAt', direction: 1 },
      { field: '_id', direction: 1 },
    ],
    limit: 10_000,
  });
  return docs.map((doc) => ({
    name: doc.name as string,
    createdAt: doc.createdAt as string,
    lastUsedAt: (doc.lastUsedAt as string) ?? null,
  }));
}

/** Returns whether a token of that name existed. */
export async function revokeAdminToken(store: Store, name: string): Promise<boolean> {
  return (await store.deleteMany(ADMIN_TOKENS.name, { name: { $eq: name } })) > 0;
}

/** How stale `lastUsedAt` may be: recording every use would cost a write per request. */
export const LAST_USED_PRECISION_MS = 60_000;

/** The token's name if it is a live admin token, else undefined. Records the use (to the minute). */
export async function verifyAdminToken(store: Store, token: string): Promise<string | undefined> {
  const [doc]: StoredDoc[] = await store.find(ADMIN_TOKENS.name, {
    filter: { hash: { $eq: hashToken(token) } },
    sort: [],
    limit: 1,
  });
  if (!doc) return undefined;
  const now = Date.now();
  if (typeof doc.lastUsedAt !== 'string' || now - Date.parse(doc.lastUsedAt) >= LAST_USED_PRECISION_MS) {
    await store.update(ADMIN_TOKENS.name, doc._id, { set: { lastUsedAt: new Date(now).toISOString() } });
  }
  return doc.name as string;
}
