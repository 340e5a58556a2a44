import { ADMIN_TOKENS, createAdminToken, listAdminTokens, revokeAdminToken } from '../auth/adminTokens';
import { loadConfig } from '../config/loadConfig';
import { openStore } from '../store/openStore';
import { defineCommand, runAsProcess, USAGE_EXIT, type CommandIo, type Parsed } from './command';

const USAGE = `usage:
  npm run admin-token -- create --name NAME   prints the token (once) as the last line
  npm run admin-token -- list
  npm run admin-token -- revoke NAME`;

const OPTIONS = { name: { type: 'string' } } as const;

/** Admin tokens for scripts (docs/api.md#users-and-tokens). Works on the same store as a running server. */
export const run = defineCommand({
  name: 'admin-token',
  usage: USAGE,
  options: OPTIONS,
  positionals: true,
  run: adminToken,
});

async function adminToken(
  { values, positionals }: Parsed<typeof OPTIONS>,
  { env, stdout, stderr }: CommandIo,
): Promise<number> {
  const [command, argument] = positionals;
  const name = command === 'revoke' ? (argument ?? values.name) : values.name;
  const understood =
    (command === 'create' && name && positionals.length === 1) ||
    (command === 'list' && positionals.length === 1) ||
    (command === 'revoke' && name && positionals.length <= 2);
  if (!understood) {
    stderr.write(`${USAGE}\n`);
    return USAGE_EXIT;
  }
  const config = loadConfig(env);
  const store = await openStore({ mongodbUri: config.MONGODB_URI, dataDir: config.DATA_DIR });
  try {
    await store.ensureCollections([ADMIN_TOKENS]);
    if (command === 'create') {
      const token = await createAdminToken(store, name!);
      stdout.write(`admin token "${name}" created; it is shown only once:\n${token}\n`);
      return 0;
    }
    if (command === 'list') {
      const tokens = await listAdminTokens(store);
      if (tokens.length === 0) stdout.write('no admin tokens\n');
      for (const token of tokens)
        stdout.write(`${token.name}\tcreated ${token.createdAt}\tlast used ${token.lastUsedAt ?? 'never'}\n`);
      return 0;
    }
    if (!(await revokeAdminToken(store, name!))) {
      stderr.write(`no admin token named "${name}"\n`);
      return 1;
    }
    stdout.write(`admin token "${name}" revoked\n`);
    return 0;
  } finally {
    await store.close();
  }
}

if (require.main === module) runAsProcess(run);
