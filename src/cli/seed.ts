import { readFileSync } from 'node:fs';
import { collectionSpecs } from '../appModel/collectionSpecs';
import { loadAppModel } from '../appModel/loadAppModel';
import { loadConfig } from '../config/loadConfig';
import { ensureBuiltInData } from '../appModel/ensureBuiltInData';
import { loadPolicy } from '../permissions/loadPolicy';
import { reservedRoleNames } from '../permissions/reservedRoleNames';
import { openStore } from '../store/openStore';
import { ensureFirstAdmin } from '../accounts/firstAdmin';
import { defineCommand, runAsProcess, type CommandIo } from './command';
import { SeedError, seedData } from './seedData';

const USAGE = `usage: npm run seed
  loads the seed files of SEEDS_DIR (./seeds) and the first admin (ADMIN_USERNAME, ADMIN_PASSWORD);
  what is already stored is left as it is, so a second run changes nothing`;

/** `npm run seed`: loads `seeds/` and the first admin (ADMIN_USERNAME/ADMIN_PASSWORD) idempotently. */
export const run = defineCommand({ name: 'seed', usage: USAGE, options: {}, positionals: false, run: seed });

async function seed(_args: unknown, { env, stdout, stderr }: CommandIo): Promise<number> {
  const seedsDir = env.SEEDS_DIR || './seeds';
  const config = loadConfig(env);
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
      stderr.write('ADMIN_USERNAME is set without ADMIN_PASSWORD: no admin user seeded\n');
    const report = await seedData(app, store, seedsDir);
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
    stdout.write(`seeded from ${seedsDir}: ${report.inserted} inserted, ${report.existing} already there\n`);
    return 0;
  } finally {
    await store.close();
  }
}

if (require.main === module) runAsProcess(run);
