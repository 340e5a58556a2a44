import { createAdminToken } from '../../src/auth/adminTokens';
import { startTestServer, type TestServer } from '../support/startTestServer';

const SECRET = 'log-test-secret-that-must-never-be-logged-0001';
const PASSWORD = 'p4ssword-that-must-not-leak';

/** Secrets never reach the logs (docs/limits.md): not passwords, tokens or the JWT secret. */
describe('logs', () => {
  let server: TestServer;
  let logs = '';
  beforeAll(async () => {
    server = await startTestServer({
      env: { JWT_SECRET: SECRET },
      logStream: {
        write: (line: string) => {
          logs += line;
        },
      },
    });
  });
  afterAll(() => server.stop());

  test('sign-up, login, bad tokens and an admin token leave request lines with ids and no secrets', async () => {
    const signUp = await server.request(
      `mutation($p: String!) { createUser(input: { username: "logged", password: $p }) { token } }`,
      { p: PASSWORD },
    );
    const token = signUp.data.createUser.token as string;
    await server.request(`mutation($p: String!) { loginUser(input: { username: "logged", password: $p }) { token } }`, {
      p: PASSWORD,
    });
    await server.request(`mutation { loginUser(input: { username: "logged", password: "wrong-one-123" }) { token } }`);
    await server.request(`{ viewer { user { id } } }`, {}, `${token}x`);
    const admin = await createAdminToken(server.store, 'logs');
    await server.request(`{ allUsers { totalCount } }`, {}, admin);

    const lines = logs
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter((line) => line.msg === 'request').length).toBeGreaterThanOrEqual(5);
    expect(lines.every((line) => line.msg !== 'request' || typeof line.requestId === 'string')).toBe(true);
    for (const secret of [SECRET, PASSWORD, token, token.split('.')[2], admin, 'wrong-one-123'])
      expect(logs).not.toContain(secret);
  });
});
