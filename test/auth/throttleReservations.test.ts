import { postFrom } from '../support/fromAddress';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, TEST_PASSWORD, type TestUser } from '../support/users';

const LOGIN = `mutation($input: LoginUserInput!) { loginUser(input: $input) { token } }`;
const CHANGE = `mutation($input: UpdateUserPasswordInput!) { updateUserPassword(input: $input) { token } }`;
const SIGN_UPS = `mutation($items: [CreateUserInput!]!) { createManyUsers(input: { items: $items }) { clientMutationId } }`;
const LIMIT = 3;
const codeOf = (response: { errors?: { extensions?: { code?: string } }[] }) =>
  response.errors?.[0].extensions?.code ?? 'OK';

/**
 * docs/production.md, login throttling: an attempt is counted before its password is checked,
 * in the store, so attempts sent at once cannot all be evaluated; a wrong old password and a
 * sign-up that would reveal a hidden value are counted as logins are; and one account's login
 * names are counted apart, so the answers never tie a public username to a hidden email.
 * The example app's rules: usernames are public, emails are not.
 */
describe('the throttle reserves each attempt before any password work', () => {
  let server: TestServer;
  let ada: TestUser;
  beforeAll(async () => {
    server = await startTestServer({
      permissions: 'example',
      env: { LOGIN_MAX_FAILURES: String(LIMIT), LOGIN_MAX_FAILURES_PER_ADDRESS: '1000', LOGIN_THROTTLE_WINDOW: '1h' },
    });
    ada = await signUp(server, 'ada', { email: 'ada@example.org' });
    await signUp(server, 'grace', { email: 'grace@example.org' });
    await signUp(server, 'linus', { email: 'linus@example.org' });
  });
  afterAll(() => server.stop());

  test(`40 wrong passwords at once for one account: at most ${LIMIT} are evaluated`, async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, () =>
        server.request(LOGIN, { input: { username: 'grace', password: 'wrong guess' } }),
      ),
    );
    const codes = answers.map(codeOf);
    expect(codes.filter((code) => code === 'UNAUTHENTICATED').length).toBeLessThanOrEqual(LIMIT);
    expect(codes.filter((code) => code !== 'UNAUTHENTICATED' && code !== 'TOO_MANY_REQUESTS')).toEqual([]);
    expect(codeOf(await server.request(LOGIN, { input: { username: 'grace', password: TEST_PASSWORD } }))).toBe(
      'TOO_MANY_REQUESTS',
    );
  }, 60_000);

  test('a wrong old password in updateUserPassword is throttled as a login is', async () => {
    const change = (oldPassword: string) =>
      server.request(CHANGE, { input: { id: ada.id, oldPassword, newPassword: 'a brand new password' } }, ada.token);
    for (let i = 0; i < LIMIT; i++) expect(codeOf(await change(`guess number ${i}`))).toBe('BAD_USER_INPUT');
    expect(codeOf(await change(TEST_PASSWORD))).toBe('TOO_MANY_REQUESTS');
    // Logging in is another attempt of its own: ada still can.
    expect(codeOf(await server.request(LOGIN, { input: { username: 'ada', password: TEST_PASSWORD } }))).toBe('OK');
  });

  test('a public username and a hidden email are counted apart: throttling one says nothing of the other', async () => {
    for (let i = 0; i < LIMIT; i++)
      expect(codeOf(await server.request(LOGIN, { input: { username: 'linus', password: 'wrong guess' } }))).toBe(
        'UNAUTHENTICATED',
      );
    expect(codeOf(await server.request(LOGIN, { input: { username: 'linus', password: 'wrong guess' } }))).toBe(
      'TOO_MANY_REQUESTS',
    );
    // Were they counted together, this would answer TOO_MANY_REQUESTS for linus's email only.
    for (const email of ['linus@example.org', 'nobody@example.org'])
      expect(codeOf(await server.request(LOGIN, { input: { email, password: 'wrong guess' } }))).toBe(
        'UNAUTHENTICATED',
      );
    expect(
      codeOf(await server.request(LOGIN, { input: { email: 'linus@example.org', password: TEST_PASSWORD } })),
    ).toBe('OK');
  });
});

describe('sign-ups that would reveal a hidden value are throttled per address', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      permissions: 'example',
      env: { LOGIN_MAX_FAILURES_PER_ADDRESS: '3', LOGIN_THROTTLE_WINDOW: '1h' },
    });
    await signUp(server, 'hidden-holder', { email: 'holder@example.org' });
  });
  afterAll(() => server.stop());

  const probe = (from: string, username: string, email: string) =>
    postFrom(from, server.url, SIGN_UPS, { items: [{ username, password: TEST_PASSWORD, email }] });

  test('each CONFLICT on a hidden email counts; past the limit every sign-up setting one waits', async () => {
    for (let i = 0; i < 3; i++)
      expect(codeOf(await probe('127.0.0.5', `prober${i}`, 'holder@example.org'))).toBe('CONFLICT');
    // Now a taken and a free email get the same answer: the throttle, not the fact.
    expect(codeOf(await probe('127.0.0.5', 'prober-a', 'holder@example.org'))).toBe('TOO_MANY_REQUESTS');
    expect(codeOf(await probe('127.0.0.5', 'prober-b', 'free@example.org'))).toBe('TOO_MANY_REQUESTS');
    // Another address is not affected, and a taken public username does not count.
    expect(codeOf(await probe('127.0.0.6', 'newcomer', 'newcomer@example.org'))).toBe('OK');
    for (let i = 0; i < 4; i++)
      expect(codeOf(await probe('127.0.0.7', 'hidden-holder', `x${i}@example.org`))).toBe('CONFLICT');
  });

  test('one batch reveals at most one hidden value, and counts once', async () => {
    const batch = Array.from({ length: 5 }, (_, i) => ({
      username: `batch${i}`,
      password: TEST_PASSWORD,
      email: i === 3 ? 'holder@example.org' : `batch${i}@example.org`,
    }));
    const response = await postFrom('127.0.0.8', server.url, SIGN_UPS, { items: batch });
    expect(response.errors).toHaveLength(1);
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', index: 3, fields: ['email'] });
    for (let i = 0; i < 2; i++)
      expect(codeOf(await probe('127.0.0.8', `again${i}`, 'holder@example.org'))).toBe('CONFLICT');
    expect(codeOf(await probe('127.0.0.8', 'again-last', 'holder@example.org'))).toBe('TOO_MANY_REQUESTS');
  });
});
