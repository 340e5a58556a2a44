import { parseArgs } from 'node:util';
import {
  ADMIN_TOKENS,
  AdminTokenNameTaken,
  createAdminToken,
  listAdminTokens,
  revokeAdminToken,
} from '../auth/adminTokens';
import { loadConfig } from '../config/loadConfig';
import { openStore } from '../store/openStore';

const USAGE = `usage:
  npm run admin-token -- create --name NAME   prints the token (once) as the last line
  npm run admin-token -- list
  npm run admin-token -- revoke NAME`;

/** Admin tokens for scripts (docs/api.md#users-and-tokens). Works on the same store as a running server. */
async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: 'string' } },
  });
  const [command, argument] = positionals;
  const config = loadConfig();
  const store = await openStore({ mongodbUri: config.MONGODB_URI, dataDir: config.DATA_DIR });
  try {
    await store.ensureCollections([ADMIN_TOKENS]);
    if (command === 'create' && values.name) {
      const token = await createAdminToken(store, values.name);
      console.log(`admin token "${values.name}" created; it is shown only once:`);
      console.log(token);
      return 0;
    }
    if (command === 'list') {
      const tokens = await listAdminTokens(store);
      if (tokens.length === 0) console.log('no admin tokens');
      for (const token of tokens)
        console.log(`${token.name}\tcreated ${token.createdAt}\tlast used ${token.lastUsedAt ?? 'never'}`);
      return 0;
    }
    if (command === 'revoke' && (argument ?? values.name)) {
      const name = (argument ?? values.name)!;
      if (!(await revokeAdminToken(store, name))) {
        console.error(`no admin token named "${name}"`);
        return 1;
      }
      console.log(`admin token "${name}" revoked`);
      return 0;
    }
    console.error(USAGE);
    return 2;
  } catch (error) {
    if (error instanceof AdminTokenNameTaken) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('admin-token failed:', (error as Error).message);
    process.exit(1);
  },
);
