import { readFileSync } from 'node:fs';
import { collectionSpecs } from '../appModel/collectionSpecs';
import { loadAppModel } from '../appModel/loadAppModel';
import { loadConfig } from '../config/loadConfig';
import { ensureBuiltInData } from '../appModel/ensureBuiltInData';
import { loadPolicy } from '../permissions/loadPolicy';
import { reservedRoleNames } from '../permissions/reservedRoleNames';
import { openStore } from '../store/openStore';
import { ensureFirstAdmin } from '../accounts/firstAdmin';
import { SeedError, seedData } from './seedData';

const SEEDS_DIR = process.env.SEEDS_DIR ?? './seeds';

/** `npm run seed`: loads `seeds/` and the first admin (ADMIN_USERNAME/ADMIN_PASSWORD) idempotently. */
async function main(): Promise<void> {
  const config = loadConfig();
  const app = loadAppModel(readFileSync(config.SCHEMA_FILE, 'utf8'), config.SCHEMA_FILE);
  const store = await openStore({ mongodbUri: config.MONGODB_URI, dataDir: config.DATA_DIR });
  try {
    await store.ensureCollections(collectionSpecs(app));
    await ensureBuiltInData(
      app,
      store,
      reservedRoleNames(loadPolicy(app, config.PERMISSIONS_DIR, config.PERMISSIONS_DEFAULT)),
    );
    if (config.ADMIN_USERNAME && !config.ADMIN_PASSWORD)
      console.error('ADMIN_USERNAME is set without ADMIN_PASSWORD: no admin user seeded');
    const report = await seedData(app, store, SEEDS_DIR);
    if (config.ADMIN_USERNAME && config.ADMIN_PASSWORD) {
      // The same first admin the server makes at start; counted as the user and its membership.
      const outcome = await ensureFirstAdmin(app, store, {
        username: config.ADMIN_USERNAME,
        password: config.ADMIN_PASSWORD,
      });
      if (outcome.result === 'refused') throw new SeedError(outcome.reason);
      report.inserted += outcome.result === 'created' ? 2 : outcome.result === 'promoted' ? 1 : 0;
      report.existing += outcome.result === 'exists' ? 1 : 0;
    }
    console.log(`seeded from ${SEEDS_DIR}: ${report.inserted} inserted, ${report.existing} already there`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  console.error(`seed failed: ${(error as Error).message}`);
  process.exit(1);
});
