import { frozenDate } from '../support/frozenDate';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, TEST_PASSWORD } from '../support/users';

const LOGIN = `mutation($username: String!, $password: String!) { loginUser(input: { username: $username, password: $password }) { token } }`;

describe('login throttling (docs/api.md#users-and-tokens)', () => {
  let server: TestServer;
  const clock = frozenDate();
  // Past the 2 s window, on the server's clock.
  const windowEnds = () => clock.advance(2100);
  beforeAll(async () => {
    server = await startTestServer({
      env: { LOGIN_MAX_FAILURES: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '50', LOGIN_THROTTLE_WINDOW: '2s' },
    });
    await signUp(server, 'hopper');
    await signUp(server, 'lovelace');
  });
  afterAll(async () => {
    await server.stop();
    clock.restore();
  });

  const login = (username: string, password: string) => server.request(LOGIN, { username, password });
  const codeOf = async (username: string, password: string) =>
    (await login(username, password)).errors?.[0].extensions ?? {};

  test('after the limit of failures for one name, even the right password waits, then works again', async () => {
    for (let i = 0; i < 3; i++) expect((await codeOf('hopper', 'wrong password')).code).toBe('UNAUTHENTICATED');
    const refused = await codeOf('hopper', TEST_PASSWORD);
    expect(refused.code).toBe('TOO_MANY_REQUESTS');
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(2);
    // Another user from the same address is not locked out by hopper's failures.
    expect((await login('lovelace', TEST_PASSWORD)).errors).toBeUndefined();
    windowEnds();
    expect((await login('hopper', TEST_PASSWORD)).errors).toBeUndefined();
  });
});

describe('login throttling per address', () => {
  let server: TestServer;
  // A window no run outlasts, so a slow machine cannot end it halfway through the count.
  beforeAll(async () => {
    server = await startTestServer({ env: { LOGIN_MAX_FAILURES_PER_ADDRESS: '8', LOGIN_THROTTLE_WINDOW: '1h' } });
    await signUp(server, 'lovelace');
  });
  afterAll(() => server.stop());

  test('one address trying many names is throttled too, for every name', async () => {
    const code = async (username: string, password: string) =>
      (await server.request(LOGIN, { username, password })).errors?.[0].extensions?.code ?? 'OK';
    expect(await code('lovelace', TEST_PASSWORD)).toBe('OK');
    for (let i = 0; i < 8; i++) expect(await code(`guess${i}`, 'wrong password')).toBe('UNAUTHENTICATED');
    expect(await code('guess-next', 'wrong password')).toBe('TOO_MANY_REQUESTS');
    expect(await code('lovelace', TEST_PASSWORD)).toBe('TOO_MANY_REQUESTS');
  });
});
