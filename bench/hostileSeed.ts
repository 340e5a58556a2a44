import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectionSpecs } from '../src/appModel/collectionSpecs';
import { loadAppModel } from '../src/appModel/loadAppModel';
import { hashPassword } from '../src/auth/passwords';
import { newTokenVersion, PASSWORD_HASH, TOKEN_VERSION } from '../src/auth/userTokens';
import { newStoredId } from '../src/store/newStoredId';
import { openStore } from '../src/store/openStore';

/**
 * Two models: `Note`, small objects the legitimate client pages through, and `Doc`, whose
 * `body` holds the longest string the API stores (64 Ki characters): what a text filter
 * scans at worst. Anyone may read both; anyone may sign up.
 */
export const HOSTILE_SCHEMA = /* GraphQL */ `
  type Note @model {
    title: String!
  }

  type Doc @model {
    body: String
  }

  extend type User {
    email: String @unique
  }
`;

const RULES: Record<string, unknown[]> = {
  Note: [{ scope: 'EVERYONE', read: true }],
  Doc: [{ scope: 'EVERYONE', read: true }],
  User: [
    { scope: 'EVERYONE', create: true },
    { scope: 'RELATION', userFields: ['me'], read: true },
  ],
};

/** The figures: 15 objects of 64 KB, all `a`, so `aaa…ab` fails only at its last byte everywhere. */
export const LONG_DOCS = 15;
export const LONG_BODY = 'a'.repeat(64 * 1024);
export const NOTES = 1000;
export const HOSTILE_PASSWORD = 'hostile-bench-password';
export const LEGIT_USERNAME = 'legit';

export interface HostileData {
  dataDir: string;
  env: Record<string, string>;
}

/** A fresh DATA_DIR with the notes, the long docs and the legitimate client's account. */
export async function seedHostileData(): Promise<HostileData> {
  const dataDir = mkdtempSync(join(tmpdir(), 'graphkeep-hostile-'));
  const schemaFile = join(dataDir, 'schema.graphql');
  const permissionsDir = join(dataDir, 'permissions');
  writeFileSync(schemaFile, HOSTILE_SCHEMA);
  mkdirSync(permissionsDir);
  for (const [type, rules] of Object.entries(RULES))
    writeFileSync(join(permissionsDir, `${type}.json`), JSON.stringify(rules));
  const app = loadAppModel(HOSTILE_SCHEMA, schemaFile);
  const store = await openStore({ dataDir });
  await store.ensureCollections(collectionSpecs(app));
  const now = () => new Date().toISOString();
  await store.transaction(async (tx) => {
    for (let i = 0; i < NOTES; i++)
      await tx.insert('Note', { _id: newStoredId(), title: `Note ${i}`, createdAt: now(), modifiedAt: now() });
    for (let i = 0; i < LONG_DOCS; i++)
      await tx.insert('Doc', { _id: newStoredId(), body: LONG_BODY, createdAt: now(), modifiedAt: now() });
    await tx.insert(app.models.get('User')!.collection, {
      _id: newStoredId(),
      username: LEGIT_USERNAME,
      email: 'legit@example.org',
      [PASSWORD_HASH]: await hashPassword(HOSTILE_PASSWORD),
      [TOKEN_VERSION]: newTokenVersion(),
      createdAt: now(),
      modifiedAt: now(),
    });
  });
  await store.close();
  return {
    dataDir,
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SCHEMA_FILE: schemaFile,
      PERMISSIONS_DIR: permissionsDir,
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      JWT_SECRET: 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz',
    },
  };
}
