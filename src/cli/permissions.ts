import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadAppModel } from '../app/loadAppModel';
import { loadConfig } from '../config/loadConfig';
import type { Operation } from '../permissions/Access';
import { explain, matrix } from '../permissions/explain';
import { loadPolicy } from '../permissions/loadPolicy';
import { loadMemberships } from '../permissions/Membership';
import { decodeGlobalId } from '../resolvers/globalIds';
import { openStore } from '../store/openStore';

const USAGE = `usage:
  npm run permissions -- explain --user NAME --type TYPE [--id GLOBAL_ID] --op read|create|update|delete
  npm run permissions -- explain --anonymous --type TYPE [--id GLOBAL_ID] --op OP
  npm run permissions -- matrix`;

/** Operator's view of the rules: why can (not) someone do something, and the whole matrix. */
async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: { user: { type: 'string' }, anonymous: { type: 'boolean' }, type: { type: 'string' }, id: { type: 'string' }, op: { type: 'string' } },
  });
  const config = loadConfig();
  const app = loadAppModel(readFileSync(config.SCHEMA_FILE, 'utf8'), config.SCHEMA_FILE);
  const policy = loadPolicy(app, config.PERMISSIONS_DIR, config.PERMISSIONS_DEFAULT);
  if (positionals[0] === 'matrix') {
    console.log(matrix(policy).join('\n'));
    return 0;
  }
  const operation = values.op as Operation;
  if (positionals[0] !== 'explain' || !values.type || !['read', 'create', 'update', 'delete'].includes(operation) || (!values.user && !values.anonymous)) {
    console.error(USAGE);
    return 2;
  }
  const type = app.models.get(values.type) ?? app.links.get(values.type);
  if (!type) { console.error(`no type named ${values.type}`); return 2; }
  const store = await openStore({ mongodbUri: config.MONGODB_URI, dataDir: config.DATA_DIR });
  try {
    let user: { id: string; username: string } | undefined;
    if (values.user) {
      const [found] = await store.find(app.models.get('User')!.collection, { filter: { username: { $eq: values.user } }, sort: [], limit: 1 });
      if (!found) { console.error(`no user named ${values.user}`); return 1; }
      user = { id: found._id, username: values.user };
    }
    let object;
    if (values.id) {
      const [found] = await store.findByIds(type.collection, [decodeGlobalId(values.id, [type.name]).id]);
      if (!found) { console.error(`no ${type.name} with id ${values.id}`); return 1; }
      object = found;
    }
    const memberships = user ? await loadMemberships(app, store, user.id) : [];
    const lines = await explain({
      app, policy, type, operation, user, memberships, object, store,
    });
    console.log(lines.join('\n'));
    return 0;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code), (error: unknown) => {
  console.error(`permissions: ${(error as Error).message}`);
  process.exit(1);
});
