import { createAdminToken } from '../../src/auth/adminTokens';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, TEST_PASSWORD } from '../support/users';

type LogLine = Record<string, unknown> & { msg: string; level: number; requestId?: string };

/** The log line an operator reads for each request: who, what, how it ended, how long. */
describe('request log lines', () => {
  let server: TestServer;
  const logs: LogLine[] = [];
  let raw = '';
  beforeAll(async () => {
    server = await startTestServer({
      env: { LOGIN_MAX_FAILURES: '2' },
      permissions: { Post: [{ scope: 'EVERYONE', read: true, fields: ['title'] }] },
      logStream: {
        write: (line: string) => {
          raw += line;
          logs.push(JSON.parse(line) as LogLine);
        },
      },
    });
  });
  afterAll(() => server.stop());

  async function post(body: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    await response.text();
    const requestId = response.headers.get('x-request-id')!;
    return { requestId, lines: logs.filter((line) => line.requestId === requestId) };
  }

  test('a well-formed incoming x-request-id is kept and logged; a malformed one is replaced', async () => {
    const kept = await post({ query: '{ viewer { user { id } } }' }, { 'x-request-id': 'lb-7f3a9c:42' });
    expect(kept.requestId).toBe('lb-7f3a9c:42');
    expect(kept.lines.map((line) => line.msg)).toContain('request');
    const replaced = await post({ query: '{ viewer { user { id } } }' }, { 'x-request-id': 'bad id with spaces' });
    expect(replaced.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(raw).not.toContain('bad id with spaces');
  });

  test('operation name, viewer kind and id, error codes and duration', async () => {
    const ada = await signUp(server, 'ada-logs');
    const { lines } = await post(
      { query: 'query PostsPage { allPosts { edges { node { title body } } } }' },
      { authorization: `Bearer ${ada.token}` },
    );
    await server.request(
      `mutation { createPost(input: { title: "t", slug: "s", body: "hidden" }) { clientMutationId } }`,
      {},
      await createAdminToken(server.store, 'logs'),
    );
    const again = await post(
      { query: 'query PostsPage { allPosts { edges { node { title body } } } }' },
      { authorization: `Bearer ${ada.token}` },
    );
    const [line] = again.lines.filter((entry) => entry.msg === 'request');
    const storedId = Buffer.from(ada.id, 'base64').toString().split(':')[1];
    expect(line).toMatchObject({
      level: 30,
      status: 200,
      operationName: 'PostsPage',
      viewer: { kind: 'user', id: storedId },
      errorCodes: ['FORBIDDEN'],
    });
    expect(typeof line.ms).toBe('number');
    expect(lines.find((entry) => entry.msg === 'request')).toMatchObject({ operationName: 'PostsPage' });
  });

  test('an admin token is named, never shown; a bad token is logged as UNAUTHENTICATED', async () => {
    const admin = await createAdminToken(server.store, 'deploy-bot');
    const asAdmin = await post({ query: '{ allUsers { totalCount } }' }, { authorization: `Bearer ${admin}` });
    expect(asAdmin.lines.find((entry) => entry.msg === 'request')).toMatchObject({
      viewer: { kind: 'adminToken', id: 'deploy-bot' },
    });
    const refused = await post({ query: '{ viewer { user { id } } }' }, { authorization: 'Bearer not.a.token' });
    expect(refused.lines.find((entry) => entry.msg === 'request')).toMatchObject({
      status: 401,
      errorCodes: ['UNAUTHENTICATED'],
    });
    expect(raw).not.toContain(admin);
  });

  test('failed logins and a throttle trip are warnings naming the account, never the password', async () => {
    const grace = await signUp(server, 'grace-logs');
    const storedId = Buffer.from(grace.id, 'base64').toString().split(':')[1];
    const login = (password: string) =>
      post({
        query: 'mutation LogIn($p: String!) { loginUser(input: { username: "grace-logs", password: $p }) { token } }',
        variables: { p: password },
      });
    const failed = await login('wrong-password-1');
    expect(failed.lines.find((entry) => entry.msg === 'login failed')).toMatchObject({
      level: 40,
      field: 'username',
      userId: storedId,
    });
    await login('wrong-password-2');
    const tripped = await login(TEST_PASSWORD);
    expect(tripped.lines.find((entry) => entry.msg === 'login throttled')).toMatchObject({
      level: 40,
      limit: 'account',
      userId: storedId,
    });
    expect(tripped.lines.find((entry) => entry.msg === 'request')).toMatchObject({
      operationName: 'LogIn',
      errorCodes: ['TOO_MANY_REQUESTS'],
    });
    for (const secret of ['wrong-password-1', 'wrong-password-2', TEST_PASSWORD, grace.token])
      expect(raw).not.toContain(secret);
  });
});
