import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppModel } from '../src/appModel/AppModel';
import { collectionSpecs } from '../src/appModel/collectionSpecs';
import { loadAppModel } from '../src/appModel/loadAppModel';
import { ADMIN_TOKENS, createAdminToken } from '../src/auth/adminTokens';
import { hashPassword } from '../src/auth/passwords';
import { newTokenVersion, PASSWORD_HASH, TOKEN_VERSION } from '../src/auth/userTokens';
import { newStoredId } from '../src/store/newStoredId';
import { openStore } from '../src/store/openStore';
import type { Store, StoredDoc } from '../src/store/Store';

/** One to-one-referenced model, so a page exercises a RELATION filter and a batched author lookup. */
export const BENCH_SCHEMA = /* GraphQL */ `
  type Note @model {
    title: String!
    body: String
    rank: Int
    author: User @relation(name: "NoteAuthor")
  }

  extend type User {
    notes: [Note!]! @relation(name: "NoteAuthor")
  }
`;

/**
 * Notes are readable only by their author (the RELATION case under test); usernames are
 * readable by any signed-in user so `author { username }` resolves for the filtered viewer.
 * Admin tokens bypass these rules, which gives the unfiltered baseline.
 */
export const BENCH_RULES: Record<string, unknown[]> = {
  Note: [{ scope: 'RELATION', userFields: ['author'], read: true }],
  User: [
    { scope: 'EVERYONE', create: true },
    { scope: 'RELATION', userFields: ['me'], read: true },
    { scope: 'AUTHENTICATED', read: true, fields: ['username'] },
  ],
};

export const USER_COUNT = 50;
export const BENCH_PASSWORD = 'bench-password-1';
/** The filtered viewer must own a full page after the deep cursor, plus the cursor row itself. */
const MIN_OWNED = 41;
/** Inserts per transaction: large enough to amortise the commit, small enough to bound memory. */
const BATCH = 10_000;

export interface BenchData {
  n: number;
  dataDir: string;
  env: Record<string, string>;
  app: AppModel;
  /** The real store the data was written through; the server gets it wrapped for counting. */
  store: Store;
  adminToken: string;
  /** The RELATION-filtered viewer. */
  benchUser: { id: string; username: string; owned: number };
  /** A viewer who owns half the notes: what an exact count costs when the filter matches a lot. */
  heavyUser: { id: string; username: string; owned: number };
}

/**
 * A fresh DATA_DIR holding `n` notes over USER_COUNT users, written through the store port in
 * the shape the API itself stores (`createObject`): `_id` from `newStoredId()`, ISO
 * `createdAt`/`modifiedAt`, `author` = the stored user id. Going through GraphQL would take
 * minutes at 100k and measure nothing we report.
 */
export async function seedBenchData(n: number): Promise<BenchData> {
  const dataDir = mkdtempSync(join(tmpdir(), `graphkeep-bench-${n}-`));
  const schemaFile = join(dataDir, 'schema.graphql');
  const permissionsDir = join(dataDir, 'permissions');
  writeFileSync(schemaFile, BENCH_SCHEMA);
  mkdirSync(permissionsDir);
  for (const [type, rules] of Object.entries(BENCH_RULES))
    writeFileSync(join(permissionsDir, `${type}.json`), JSON.stringify(rules));

  const app = loadAppModel(BENCH_SCHEMA, schemaFile);
  const store = await openStore({ dataDir });
  // Indexes first, as the server makes them, so the inserts pay the same index upkeep.
  await store.ensureCollections([...collectionSpecs(app), ADMIN_TOKENS]);

  // One real bcrypt hash shared by every user: loginUser works, seeding does not pay 50 hashes.
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const users: StoredDoc[] = [];
  for (let i = 0; i < USER_COUNT; i++) {
    const now = new Date().toISOString();
    users.push({
      _id: newStoredId(),
      username: `bench-user-${i}`,
      [PASSWORD_HASH]: passwordHash,
      [TOKEN_VERSION]: newTokenVersion(),
      createdAt: now,
      modifiedAt: now,
    });
  }
  await store.transaction(async (tx) => {
    for (const user of users) await tx.insert(app.models.get('User')!.collection, user);
  });

  // users[0] is the filtered viewer: every `stride`-th note, i.e. 1/50 of them, or more at small n.
  const stride = Math.max(1, Math.min(USER_COUNT, Math.floor(n / MIN_OWNED)));
  const notes = app.models.get('Note')!.collection;
  let owned = 0;
  let heavyOwned = 0;
  for (let start = 0; start < n; start += BATCH) {
    await store.transaction(async (tx) => {
      for (let i = start; i < Math.min(n, start + BATCH); i++) {
        const mine = i % stride === 0;
        if (mine) owned += 1;
        const heavy = !mine && i % 2 === 1;
        if (heavy) heavyOwned += 1;
        const author = mine ? users[0] : heavy ? users[1] : users[2 + (i % (USER_COUNT - 2))];
        const now = new Date().toISOString();
        await tx.insert(notes, {
          _id: newStoredId(),
          title: `Note ${i}`,
          body: `Body of note ${i}. `.repeat(4),
          rank: i % 1000,
          author: author._id,
          createdAt: now,
          modifiedAt: now,
        });
      }
    });
  }

  const adminToken = await createAdminToken(store, 'bench');
  const env = {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SCHEMA_FILE: schemaFile,
    PERMISSIONS_DIR: permissionsDir,
    // As deployed: production turns off introspection and stack traces; it needs a ≥32-char secret.
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz',
  };
  return {
    n,
    dataDir,
    env,
    app,
    store,
    adminToken,
    benchUser: { id: users[0]._id, username: users[0].username as string, owned },
    heavyUser: { id: users[1]._id, username: users[1].username as string, owned: heavyOwned },
  };
}
