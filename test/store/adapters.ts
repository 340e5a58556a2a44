import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { openStore } from '../../src/store/openStore';
import type { Store } from '../../src/store/Store';

/** One adapter under test: `open` gives a fresh, empty store and a way to throw it away. */
export interface StoreAdapter {
  name: 'sqlite' | 'mongo';
  open(): Promise<{ store: Store; dispose(): Promise<void> }>;
}

const sqlite: StoreAdapter = {
  name: 'sqlite',
  async open() {
    const dataDir = mkdtempSync(join(tmpdir(), 'graphkeep-store-'));
    const store = await openStore({ dataDir });
    return {
      store,
      async dispose() {
        await store.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

/** A database of its own per run, dropped afterwards, on the server `uri` points at. */
function mongo(uri: string): StoreAdapter {
  return {
    name: 'mongo',
    async open() {
      const testUri = withDatabase(uri, `graphkeep_test_${Date.now()}_${randomBytes(4).toString('hex')}`);
      const store = await openStore({ mongodbUri: testUri, dataDir: tmpdir() });
      return {
        store,
        async dispose() {
          await store.close();
          const client = await MongoClient.connect(testUri);
          try {
            await client.db().dropDatabase();
          } finally {
            await client.close();
          }
        },
      };
    },
  };
}

/**
 * `uri` with its database path replaced, hosts and options kept. Credentials authenticate
 * against the path's database unless `authSource` says otherwise, so that is pinned first.
 */
export function withDatabase(uri: string, database: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/)([^/?]*)(?:\/([^?]*))?(?:\?(.*))?$/.exec(uri);
  if (!match) throw new Error(`MONGODB_URI must look like mongodb://host[:port][/db][?options], got: ${uri}`);
  const [, scheme, authority, path, query] = match;
  const options = query ? query.split('&') : [];
  if (authority.includes('@') && !options.some((option) => option.startsWith('authSource='))) {
    options.push(`authSource=${path || 'admin'}`);
  }
  return `${scheme}${authority}/${database}${options.length > 0 ? `?${options.join('&')}` : ''}`;
}

/** SQLite always; MongoDB when `MONGODB_URI` names a server (a replica set, for transactions). */
export function reachableAdapters(env: NodeJS.ProcessEnv = process.env): StoreAdapter[] {
  return env.MONGODB_URI ? [sqlite, mongo(env.MONGODB_URI)] : [sqlite];
}
