import { createHash } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { REFRESH_TOKENS } from '../../src/auth/refreshTokens';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, TEST_PASSWORD } from '../support/users';

const LOGIN = `mutation($username: String!) { loginUser(input: { username: $username, password: "${TEST_PASSWORD}" }) { token refreshToken } }`;
const REFRESH = `mutation($refreshToken: String!) { refreshUserToken(input: { refreshToken: $refreshToken }) { token refreshToken user { username } } }`;
const VIEWER = `{ viewer { user { username } } }`;

/** docs/accounts.md#refresh-tokens: short access tokens, refresh tokens rotated on every use, reuse ends the session. */
describe('refresh tokens (REFRESH_TOKENS=true)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      env: { REFRESH_TOKENS: 'true', ACCESS_TOKEN_TTL: '10m', REFRESH_TOKEN_TTL: '7d' },
    });
  });
  afterAll(() => server.stop());

  const login = async (username: string) => {
    const response = await server.request(LOGIN, { username });
    expect(response.errors).toBeUndefined();
    return response.data.loginUser as { token: string; refreshToken: string };
  };
  const refresh = (refreshToken: string) => server.request(REFRESH, { refreshToken });
  const status = async (token: string) => (await server.request(VIEWER, {}, token)).status;

  test('sign-in returns a short access token and a refresh token; each refresh rotates both, in the same session', async () => {
    await signUp(server, 'ada');
    const first = await login('ada');
    const claims = jwt.decode(first.token) as { exp: number; iat: number; sid: string };
    expect(claims.exp - claims.iat).toBe(600);
    expect(first.refreshToken).toMatch(/^gk_refresh_[\w-]{43}$/);
    const stored = await server.store.find(REFRESH_TOKENS.name, { filter: {}, sort: [], limit: 100 });
    expect(JSON.stringify(stored)).not.toContain(first.refreshToken);

    const second = await refresh(first.refreshToken);
    expect(second.errors).toBeUndefined();
    const next = second.data.refreshUserToken;
    expect(next.user).toEqual({ username: 'ada' });
    expect(next.refreshToken).not.toBe(first.refreshToken);
    expect((jwt.decode(next.token) as { sid: string }).sid).toBe(claims.sid);
    expect(await status(next.token)).toBe(200);
  });

  test('a spent refresh token used again ends its whole family: every refresh token and access token of that session', async () => {
    await signUp(server, 'bo');
    const stolen = await login('bo');
    const other = await login('bo');
    const rotated = (await refresh(stolen.refreshToken)).data.refreshUserToken;
    const reuse = await refresh(stolen.refreshToken);
    expect(reuse.errors![0]).toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
      message: expect.stringMatching(/used before/),
    });
    expect((await refresh(rotated.refreshToken)).errors![0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await status(rotated.token)).toBe(401);
    expect(await status(stolen.token)).toBe(401);
    // The other session is untouched.
    expect(await status(other.token)).toBe(200);
    expect((await refresh(other.refreshToken)).errors).toBeUndefined();
  });

  test('one refresh token spent by several requests at once: at most one gets new tokens', async () => {
    await signUp(server, 'eli');
    const { refreshToken } = await login('eli');
    const answers = await Promise.all(Array.from({ length: 5 }, () => refresh(refreshToken)));
    expect(answers.filter((answer) => !answer.errors).length).toBeLessThanOrEqual(1);
    expect(
      answers.filter((answer) => answer.errors?.[0].extensions?.code === 'UNAUTHENTICATED').length,
    ).toBeGreaterThanOrEqual(4);
  });

  test('logoutUser, logoutEverywhere and a password change end refresh tokens too', async () => {
    const cy = await signUp(server, 'cy');
    const a = await login('cy');
    const b = await login('cy');
    await server.request(`mutation { logoutUser(input: {}) { clientMutationId } }`, {}, a.token);
    expect((await refresh(a.refreshToken)).errors![0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await refresh(b.refreshToken)).errors).toBeUndefined();

    const c = await login('cy');
    await server.request(`mutation { logoutEverywhere(input: {}) { userId } }`, {}, c.token);
    expect((await refresh(c.refreshToken)).errors![0].extensions?.code).toBe('UNAUTHENTICATED');

    const d = await login('cy');
    const changed = await server.request(
      `mutation($input: UpdateUserPasswordInput!) { updateUserPassword(input: $input) { token refreshToken } }`,
      { input: { id: cy.id, oldPassword: TEST_PASSWORD, newPassword: 'a different password' } },
      d.token,
    );
    expect(changed.data.updateUserPassword.refreshToken).toMatch(/^gk_refresh_/);
    expect((await refresh(d.refreshToken)).errors![0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await refresh(changed.data.updateUserPassword.refreshToken)).errors).toBeUndefined();
  });

  test('an expired or made-up refresh token is refused', async () => {
    await signUp(server, 'dee');
    const { refreshToken } = await login('dee');
    const id = createHash('sha256').update(refreshToken).digest('hex');
    await server.store.update(REFRESH_TOKENS.name, id, { set: { expiresAt: Date.now() - 1 } });
    expect((await refresh(refreshToken)).errors![0]).toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
      message: expect.stringMatching(/expired/),
    });
    expect((await refresh('gk_refresh_made-up')).errors![0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('refresh tokens are off by default', () => {
  test('sign-in returns none, tokens live TOKEN_TTL, and refreshUserToken answers FEATURE_DISABLED', async () => {
    const server = await startTestServer();
    try {
      const ada = await signUp(server, 'ada');
      const claims = jwt.decode(ada.token) as { exp: number; iat: number };
      expect(claims.exp - claims.iat).toBe(48 * 3600);
      const response = await server.request(REFRESH, { refreshToken: 'gk_refresh_x' });
      expect(response.errors![0].extensions).toMatchObject({ code: 'FEATURE_DISABLED', settings: ['REFRESH_TOKENS'] });
    } finally {
      await server.stop();
    }
  });
});
