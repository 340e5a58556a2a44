import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
import { defineCommand, runAsProcess, USAGE_EXIT, type CommandIo, type Parsed } from './command';
import { lintCommand } from './permissionsLint';
import { testCommand } from './permissionsTest';

const USAGE = `usage:
  npm run permissions -- explain --user NAME --type TYPE [--id GLOBAL_ID] --op read|create|update|delete
  npm run permissions -- explain --anonymous --type TYPE [--id GLOBAL_ID] --op OP
  npm run permissions -- matrix [--html]
  npm run permissions -- test [--dir DIR]                     (default: PERMISSIONS_DIR/tests)
  npm run permissions -- lint [--strict] [--secret-fields a,b]`;

const OPTIONS = {
  user: { type: 'string' },
  anonymous: { type: 'boolean' },
  type: { type: 'string' },
  id: { type: 'string' },
  op: { type: 'string' },
  html: { type: 'boolean' },
  dir: { type: 'string' },
  strict: { type: 'boolean' },
  'secret-fields': { type: 'string' },
} as const;

/** Operator's view of the rules: why can (not) someone do something, the matrix, tests and lint. */
export const run = defineCommand({
  name: 'permissions',
  usage: USAGE,
  options: OPTIONS,
  positionals: true,
  run: permissions,
});

async function permissions({ values, positionals }: Parsed<typeof OPTIONS>, io: CommandIo): Promise<number> {
  const { env, stdout, stderr } = io;
  if (positionals.length !== 1 || !['explain', 'matrix', 'test', 'lint'].includes(positionals[0])) {
    stderr.write(`${USAGE}\n`);
    return USAGE_EXIT;
  }
  const config = loadConfig(env);
  const app = loadAppModel(readFileSync(config.SCHEMA_FILE, 'utf8'), config.SCHEMA_FILE);
  const policy = loadPolicy(app, config.PERMISSIONS_DIR, config.PERMISSIONS_DEFAULT);
  switch (positionals[0]) {
    case 'matrix':
      stdout.write(`${values.html ? matrixHtml(policy) : matrix(policy).join('\n')}\n`);
      return 0;
    case 'test':
      return testCommand(app, policy, values.dir ?? join(config.PERMISSIONS_DIR, 'tests'), io);
    case 'lint':
      return lintCommand(
        app,
        policy,
        {
          strict: values.strict === true,
          secretFields: (values['secret-fields'] ?? '')
            .split(',')
            .map((f) => f.trim())
            .filter(Boolean),
          seedsDir: env.SEEDS_DIR || './seeds',
          rulesDir: config.PERMISSIONS_DIR,
        },
        io,
      );
  }
  const operation = values.op as Operation;
  if (
    !values.type ||
    !['read', 'create', 'update', 'delete'].includes(operation) ||
    (!values.user && !values.anonymous)
  ) {
    stderr.write(`${USAGE}\n`);
    return USAGE_EXIT;
  }
  const type = app.models.get(values.type) ?? app.links.get(values.type);
  if (!type) {
    stderr.write(`no type named ${values.type}\n`);
    return USAGE_EXIT;
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
        stderr.write(`no user named ${values.user}\n`);
        return 1;
      }
      user = { id: found._id, username: values.user, doc: found };
    }
    let object;
    if (values.id) {
      const [found] = await store.findByIds(type.collection, [decodeGlobalId(values.id, [type.name]).id]);
      if (!found) {
        stderr.write(`no ${type.name} with id ${values.id}\n`);
        return 1;
      }
      object = found;
    }
    const memberships = user ? await loadMemberships(app, store, user.id) : [];
    const lines = await explain({ app, policy, store, type, operation, user, memberships, object });
    stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    await store.close();
  }
}

if (require.main === module) runAsProcess(run);
