import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/loadConfig';
import { startGraphkeep } from '../../src/server/startGraphkeep';
import { postGraphQL, startTestServer } from '../support/startTestServer';
import { spawnServer } from '../support/spawnServer';
import { signUp, TEST_PASSWORD } from '../support/users';

const LOGIN = `mutation($username: String!, $password: String!) { loginUser(input: { username: $username, password: $password }) { token } }`;
const MY_ROLES = `{ viewer { user { roles { edges { accessLevel node { name } } } } } }`;
const ADMIN = { ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'first admin passphrase' };

/** The first admin is made at start from ADMIN_USERNAME/ADMIN_PASSWORD when there is none. */
describe('the first admin at start', () => {
  test('the server process makes it; the admin logs in with full access; restarts change nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'graphkeep-admin-'));
    const env = {
      ...ADMIN,
      DATA_DIR: dataDir,
      PERMISSIONS_DIR: dataDir,
      JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-000000',
    };
    try {
      for (const run of [1, 2]) {
        const server = spawnServer(env);
        try {
          const url = await server.listening;
          const login = await postGraphQL(url, LOGIN, { username: 'root', password: ADMIN.ADMIN_PASSWORD });
          expect(login.errors).toBeUndefined();
          const roles = await postGraphQL(url, MY_ROLES, {}, login.data.loginUser.token);
          expect(roles.data.viewer.user.roles.edges).toEqual([{ accessLevel: 'admin', node: { name: 'admin' } }]);
          const users = await postGraphQL(url, `{ allUsers { totalCount } }`, {}, login.data.loginUser.token);
          expect(users.data.allUsers.totalCount).toBe(1);
          expect(server.output().stdout.includes('first admin ready')).toBe(run === 1);
        } finally {
          expect(await server.stop()).toBe(0);
        }
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);

  test('once an admin exists, another ADMIN_USERNAME makes no one', async () => {
    const first = await startTestServer({ env: ADMIN });
    await first.close();
    const second = await startTestServer({
      dataDir: first.dataDir,
      env: { ADMIN_USERNAME: 'other', ADMIN_PASSWORD: 'another passphrase' },
    });
    try {
      expect(
        (await second.request(LOGIN, { username: 'other', password: 'another passphrase' })).errors?.[0].extensions
          ?.code,
      ).toBe('UNAUTHENTICATED');
      expect(await second.store.count(second.app.models.get('User')!.collection, {})).toBe(1);
    } finally {
      await second.stop();
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  });

  test('a user who signed up under that name is not made admin unless ADMIN_PASSWORD is theirs', async () => {
    const plain = await startTestServer();
    const squatter = await signUp(plain, 'root');
    await plain.close();
    let logs = '';
    const started = await startTestServer({
      dataDir: plain.dataDir,
      env: ADMIN,
      logStream: {
        write: (line: string) => {
          logs += line;
        },
      },
    });
    try {
      const roles = await started.request(MY_ROLES, {}, squatter.token);
      expect(roles.data.viewer.user.roles.edges).toEqual([]);
      expect(logs).toMatch(/"level":40.*ADMIN_USERNAME names an existing user/);
      await started.close();
      const owned = await startTestServer({
        dataDir: plain.dataDir,
        env: { ADMIN_USERNAME: 'root', ADMIN_PASSWORD: TEST_PASSWORD },
      });
      try {
        const promoted = await owned.request(MY_ROLES, {}, squatter.token);
        expect(promoted.data.viewer.user.roles.edges).toEqual([{ accessLevel: 'admin', node: { name: 'admin' } }]);
      } finally {
        await owned.close();
      }
    } finally {
      rmSync(plain.dataDir, { recursive: true, force: true });
    }
  });

  test('an ADMIN_PASSWORD bcrypt cannot take stops the start, naming the variable', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'graphkeep-admin-'));
    try {
      const config = loadConfig({
        PORT: '0',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        ADMIN_USERNAME: 'root',
        ADMIN_PASSWORD: 'short',
      });
      await expect(startGraphkeep(config)).rejects.toThrow(/^ADMIN_PASSWORD: must be 8 to 72 bytes/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
