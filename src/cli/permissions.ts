import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadAppModel } from '../appModel/loadAppModel';
import { loadConfig } from '../config/loadConfig';
import type { Operation } from '../permissions/Access';
import { explain, matrix } from '../permissions/explain';
import { loadPolicy } from '../permissions/loadPolicy';
import { matrixHtml } from '../ruleTools/matrixHtml';
import { loadMemberships } from '../permissions/Membership';
import { decodeGlobalId } from '../resolvers/globalIds';
import { openStore } from '../store/openStore';
import type { StoredDoc } from '../store/Store';
import { lintCommand } from './permissionsLint';
import { testCommand } from './permissionsTest';

const USAGE = `usage:
  npm run permissions -- explain --user NAME --type TYPE [--id GLOBAL_ID] --op read|create|update|delete
  npm run permissions -- explain --anonymous --type TYPE [--id GLOBAL_ID] --op OP
  npm run permissions -- matrix [--html]
  npm run permissions -- test [--dir DIR]                     (default: PERMISSIONS_DIR/tests)
  npm run permissions -- lint [--strict] [--secret-fields a,b]`;

/** Operator's view of the rules: why can (not) someone do something, the matrix, tests and lint. */
async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      user: { type: 'string' },
      anonymous: { type: 'boolean' },
      type: { type: 'string' },
      id: { type: 'string' },
      op: { type: 'string' },
      html: { type: 'boolean' },
      dir: { type: 'string' },
      strict: { type: 'boolean' },
      'secret-fields': { type: 'string' },
    },
  });
  const config = loadConfig();
  const app = loadAppModel(readFileSync(config.SCHEMA_FILE, 'utf8'), config.SCHEMA_FILE);
  const policy = loadPolicy(app, config.PERMISSIONS_DIR, config.PERMISSIONS_DEFAULT);
  switch (positionals[0]) {
    case 'matrix':
      console.log(values.html ? matrixHtml(policy) : matrix(policy).join('\n'));
      return 0;
    case 'test':
      return testCommand(app, policy, values.dir ?? join(config.PERMISSIONS_DIR, 'tests'));
    case 'lint':
      return lintCommand(app, policy, {
        strict: values.strict === true,
        secretFields: (values['secret-fields'] ?? '')
          .split(',')
          .map((f) => f.trim())
          .filter(Boolean),
        seedsDir: process.env.SEEDS_DIR ?? './seeds',
        rulesDir: config.PERMISSIONS_DIR,
      });
  }
  const operation = values.op as Operation;
  if (
    positionals[0] !== 'explain' ||
    !values.type ||
    !['read', 'create', 'update', 'delete'].includes(operation) ||
    (!values.user && !values.anonymous)
  ) {
    console.error(USAGE);
    return 2;
  }
  const type = app.models.get(values.type) ?? app.links.get(values.type);
  if (!type) {
    console.error(`no type named ${values.type}`);
    return 2;
  }
  const store = await openStore({ mongodbUri: config.MONGODB_URI, dataDir: config.DATA_DIR });
  try {
    let user: { id: string; username: string; doc: StoredDoc } | undefined;
    if (values.user) {
      const [found] = await store.find(app.models.get('User')!.collection, {
        filter: { username: { $eq: values.user } },
        sort: [],
        limit: 1,
      });
      if (!found) {
        console.error(`no user named ${values.user}`);
        return 1;
      }
      user = { id: found._id, username: values.user, doc: found };
    }
    let object;
    if (values.id) {
      const [found] = await store.findByIds(type.collection, [decodeGlobalId(values.id, [type.name]).id]);
      if (!found) {
        console.error(`no ${type.name} with id ${values.id}`);
        return 1;
      }
      object = found;
    }
    const memberships = user ? await loadMemberships(app, store, user.id) : [];
    const lines = await explain({ app, policy, store, type, operation, user, memberships, object });
    console.log(lines.join('\n'));
    return 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`permissions: ${(error as Error).message}`);
    process.exit(1);
  },
);
