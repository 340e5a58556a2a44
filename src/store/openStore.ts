import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Store } from './Store';
import { openSqliteStore } from './sqlite/SqliteStore';

export const SQLITE_FILE_NAME = 'graphkeep.sqlite';

/** MongoDB when `MONGODB_URI` is set, else the embedded SQLite file under `DATA_DIR`. */
export async function openStore(options: { mongodbUri?: string; dataDir: string }): Promise<Store> {
  if (options.mongodbUri) {
    // Loaded on demand so the embedded setup never starts the driver.
    const { openMongoStore } = await import('./mongo/MongoStore');
    return openMongoStore(options.mongodbUri);
  }
  mkdirSync(options.dataDir, { recursive: true });
  return openSqliteStore(join(options.dataDir, SQLITE_FILE_NAME));
}
