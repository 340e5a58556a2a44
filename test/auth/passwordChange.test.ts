import { createAdminToken } from '../../src/auth/adminTokens';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, TEST_PASSWORD, type TestUser } from '../support/users';

const CHANGE = `mutation($input: UpdateUserPasswordInput!) { updateUserPassword(input: $input) { token changedUser { id username } } }`;
const RESET = `mutation($input: UpdateUserInput!) { updateUser(input: $input) { changedUser { id } } }`;
const LOGIN = `mutation($username: String!, $password: String!) { loginUser(input: { username: $username, password: $password }) { token } }`;
const VIEWER = `{ viewer { user { username } } }`;

describe('password change and reset (docs/api.md#users-and-tokens)', () => {
  let server: TestServer;
  let grace: TestUser;
  let adminToken: string;
  beforeAll(async () => {
    server = await startTestServer({ permissions: 'example' });
    grace = await signUp(server, 'grace');
    adminToken = await createAdminToken(server.store, 'password-tests');
  });
  afterAll(() => server.stop());

  const loginAs = async (username: string, password: string) => await server.request(LOGIN, { username, password });

  test('a wrong old password is refused and changes nothing', async () => {
    const response = await server.request(
      CHANGE,
      { input: { id: grace.id, oldPassword: 'not it at all', newPassword: 'brand new pass' } },
      grace.token,
    );
    expect(response.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await loginAs('grace', TEST_PASSWORD)).errors).toBeUndefined();
    expect((await server.request(VIEWER, {}, grace.token)).data.viewer.user.username).toBe('grace');
  });

  test('someone else may not change it, even knowing the old password', async () => {
    const mallory = await signUp(server, 'mallory');
    const response = await server.request(
      CHANGE,
      { input: { id: grace.id, oldPassword: TEST_PASSWORD, newPassword: 'stolen account' } },
      mallory.token,
    );
    expect(response.errors![0].extensions?.code).toBe('FORBIDDEN');
    expect((await loginAs('grace', TEST_PASSWORD)).errors).toBeUndefined();
  });

  test('the right old password changes it, ends older tokens and returns a fresh one', async () => {
    const response = await server.request(
      CHANGE,
      { input: { id: grace.id, oldPassword: TEST_PASSWORD, newPassword: 'a new password' } },
      grace.token,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.updateUserPassword.changedUser.username).toBe('grace');
    const old = await server.request(VIEWER, {}, grace.token);
    expect(old.status).toBe(401);
    expect(old.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
    const fresh = await server.request(VIEWER, {}, response.data.updateUserPassword.token);
    expect(fresh.data.viewer.user.username).toBe('grace');
    expect((await loginAs('grace', TEST_PASSWORD)).errors![0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await loginAs('grace', 'a new password')).errors).toBeUndefined();
    grace = { ...grace, token: response.data.updateUserPassword.token };
  });

  test('the user may not reset their own password through updateUser', async () => {
    const response = await server.request(RESET, { input: { id: grace.id, password: 'reset by me!' } }, grace.token);
    expect(response.errors![0].extensions?.code).toBe('FORBIDDEN');
    expect((await loginAs('grace', 'reset by me!')).errors![0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await server.request(VIEWER, {}, grace.token)).data.viewer.user.username).toBe('grace');
  });

  test("an admin token may reset it, which ends the user's tokens", async () => {
    const response = await server.request(RESET, { input: { id: grace.id, password: 'reset by admin' } }, adminToken);
    expect(response.errors).toBeUndefined();
    expect((await server.request(VIEWER, {}, grace.token)).status).toBe(401);
    expect((await loginAs('grace', 'reset by admin')).errors).toBeUndefined();
  });

  test('a reset password must still be 8 to 72 bytes', async () => {
    const response = await server.request(RESET, { input: { id: grace.id, password: 'short' } }, adminToken);
    expect(response.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await loginAs('grace', 'reset by admin')).errors).toBeUndefined();
  });
});
