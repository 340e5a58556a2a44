import { createAdminToken } from '../../src/auth/adminTokens';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, TEST_PASSWORD } from '../support/users';

/** Fields the server sets (`id`, `createdAt`, `modifiedAt`, `lastLogin`) are not inputs, for anyone. */
describe('permissions: server-managed fields', () => {
  let server: TestServer;
  let admin: string;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await createAdminToken(server.store, 'tests');
  });
  afterAll(() => server.stop());

  const users = async () =>
    (await server.request(`{ allUsers { totalCount } }`, undefined, admin)).data.allUsers.totalCount;

  test('createUser refuses lastLogin and stores nothing', async () => {
    const before = await users();
    const response = await server.request(
      `mutation($input: CreateUserInput!) { createUser(input: $input) { token } }`,
      { input: { username: 'mallory', password: TEST_PASSWORD, lastLogin: '2020-01-01T00:00:00.000Z' } },
    );
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await users()).toBe(before);
  });

  test.each([
    ['the user themself', 'self'],
    ['an admin token', 'admin'],
  ])('updateUser refuses lastLogin from %s', async (_who, who) => {
    const user = await signUp(server, `u-${who}`);
    const response = await server.request(
      `mutation($input: UpdateUserInput!) { updateUser(input: $input) { changedUser { lastLogin } } }`,
      { input: { id: user.id, lastLogin: '2020-01-01T00:00:00.000Z' } },
      who === 'self' ? user.token : admin,
    );
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const stored = await server.request(`query($id: ID!) { getUser(id: $id) { lastLogin } }`, { id: user.id }, admin);
    expect(stored.data.getUser.lastLogin).toBeNull();
  });

  test('loginUser still sets it', async () => {
    await signUp(server, 'logger');
    const login = await server.request(
      `mutation { loginUser(input: { username: "logger", password: "${TEST_PASSWORD}" }) { user { lastLogin } } }`,
    );
    expect(login.data.loginUser.user.lastLogin).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT/));
  });
});
