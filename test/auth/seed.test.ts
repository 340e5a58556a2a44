import { join } from 'node:path';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { runCli, spawnCli } from '../support/runCli';
import { signUp } from '../support/users';

const LOGIN = `mutation($username: String!, $password: String!) { loginUser(input: { username: $username, password: $password }) { token } }`;

describe('npm run seed (docs/configuration.md)', () => {
  let server: TestServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    server = await startTestServer();
    env = {
      DATA_DIR: server.dataDir,
      SEEDS_DIR: join(__dirname, '..', '..', 'seeds'),
      ADMIN_USERNAME: 'root',
      ADMIN_PASSWORD: 'first admin password',
    };
  });
  afterAll(() => server.stop());

  test('loads seeds/ and the first admin, and a second run changes nothing', async () => {
    const first = await spawnCli('seed.ts', [], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    // The example rules name Editors, so that role exists from the start (docs/api.md#roles): the seed finds it.
    expect(first.stdout).toMatch(/\d+ inserted, 1 already there/);
    const second = await runCli('seed.ts', [], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/ 0 inserted, \d+ already there/);
    const roles = server.app.models.get('Role')!.collection;
    expect(await server.store.count(roles, { name: { $in: ['Editors', 'Executives'] } })).toBe(2);
  }, 60_000);

  test('the seeded admin can log in and is a member of the admin role with full access', async () => {
    const login = await server.request(LOGIN, { username: 'root', password: 'first admin password' });
    expect(login.errors).toBeUndefined();
    const token = login.data.loginUser.token;
    const roles = await server.request(
      `{ viewer { user { roles { edges { accessLevel node { name } } } } } }`,
      {},
      token,
    );
    expect(roles.data.viewer.user.roles.edges).toEqual([{ accessLevel: 'admin', node: { name: 'admin' } }]);
    // Full access: other users are visible to the admin, not to a plain user (default rules: `me`).
    const other = await signUp(server, 'someone');
    const count = `{ allUsers { totalCount } }`;
    expect((await server.request(count, {}, token)).data.allUsers.totalCount).toBe(2);
    expect((await server.request(count, {}, other.token)).data.allUsers.totalCount).toBe(1);
  });
});
