import { rmSync } from 'node:fs';
import { postGraphQL, startTestServer, type TestServer } from '../support/startTestServer';
import { spawnServer } from '../support/spawnServer';
import { signUp, TEST_PASSWORD } from '../support/users';

const LOGIN = `mutation($input: LoginUserInput!) { loginUser(input: $input) { token } }`;
// A window no test run outlasts: nothing here waits for one to end.
const THROTTLE = { LOGIN_MAX_FAILURES: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '50', LOGIN_THROTTLE_WINDOW: '1h' };

async function login(url: string, input: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: LOGIN, variables: { input } }),
  });
  const body = (await response.json()) as { errors?: { extensions: { code: string; retryAfterSeconds?: number } }[] };
  return { code: body.errors?.[0].extensions.code ?? 'OK', retryAfter: response.headers.get('retry-after'), body };
}

/**
 * docs/api.md#users-and-tokens: failures are counted in the store, per account and per address, so every API
 * process on one database counts together and a restart does not forgive them.
 */
describe('the login throttle is kept in the store', () => {
  let first: TestServer;
  let second: ReturnType<typeof spawnServer>;
  let secondUrl: string;
  beforeAll(async () => {
    first = await startTestServer({ env: THROTTLE });
    second = spawnServer({
      ...THROTTLE,
      DATA_DIR: first.dataDir,
      PERMISSIONS_DIR: first.dataDir,
      LOG_LEVEL: 'info',
      JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-000000',
    });
    secondUrl = await second.listening;
    await signUp(first, 'babbage', { email: 'charles@example.org' });
    await signUp(first, 'noether', { email: 'emmy@example.org' });
  }, 60_000);
  let firstClosed = false;
  afterAll(async () => {
    await second.stop();
    if (firstClosed) rmSync(first.dataDir, { recursive: true, force: true });
    else await first.stop();
  });

  test('failures in two processes add up; then even the right password waits, with Retry-After', async () => {
    expect((await login(first.url, { username: 'babbage', password: 'wrong password' })).code).toBe('UNAUTHENTICATED');
    expect((await login(secondUrl, { username: 'babbage', password: 'wrong password' })).code).toBe('UNAUTHENTICATED');
    expect((await login(first.url, { username: 'babbage', password: 'wrong password' })).code).toBe('UNAUTHENTICATED');
    for (const url of [first.url, secondUrl]) {
      const refused = await login(url, { username: 'babbage', password: TEST_PASSWORD });
      expect(refused.code).toBe('TOO_MANY_REQUESTS');
      expect(refused.body.errors![0].extensions.retryAfterSeconds).toBeGreaterThan(3500);
      expect(Number(refused.retryAfter)).toBe(refused.body.errors![0].extensions.retryAfterSeconds);
    }
    // Another account from the same address is not locked out by these failures.
    expect((await login(secondUrl, { username: 'noether', password: TEST_PASSWORD })).code).toBe('OK');
  }, 30_000);

  test('each login name of one account is counted on its own, in every process (docs/production.md)', async () => {
    for (const url of [first.url, secondUrl, first.url])
      expect((await login(url, { username: 'noether', password: 'wrong password' })).code).toBe('UNAUTHENTICATED');
    expect((await login(secondUrl, { username: 'noether', password: TEST_PASSWORD })).code).toBe('TOO_MANY_REQUESTS');
    // The email is another name: its own count, so the answer does not tie it to the username.
    expect((await login(first.url, { email: 'emmy@example.org', password: 'wrong password' })).code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await login(secondUrl, { email: 'emmy@example.org', password: TEST_PASSWORD })).code).toBe('OK');
  }, 30_000);

  test('a restarted server still refuses', async () => {
    await first.close();
    firstClosed = true;
    const restarted = await startTestServer({ dataDir: first.dataDir, env: THROTTLE });
    try {
      expect((await login(restarted.url, { username: 'babbage', password: TEST_PASSWORD })).code).toBe(
        'TOO_MANY_REQUESTS',
      );
      expect((await postGraphQL(restarted.url, `{ viewer { user { id } } }`)).errors).toBeUndefined();
    } finally {
      await restarted.close();
    }
  }, 30_000);

  test('nothing typed as a login name is stored with the counts', async () => {
    const reopened = await startTestServer({ dataDir: first.dataDir, env: THROTTLE });
    try {
      await login(reopened.url, { username: 'typed-in-the-wrong-box', password: 'wrong password' });
      const windows = await reopened.store.find('_login_throttle', { filter: {}, sort: [], limit: 100 });
      expect(windows.length).toBeGreaterThan(0);
      expect(JSON.stringify(windows)).not.toMatch(/typed-in|babbage|emmy|127\.0\.0\.1/);
    } finally {
      await reopened.close();
    }
  });
});
