import { createHash } from 'node:crypto';
import { ACCOUNT_TOKENS } from '../../src/accounts/oneTimeTokens';
import { startMailCatcher, type MailCatcher } from '../support/mailCatcher';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { connect, serving, subscribe } from '../support/subscriptions';
import { eventually } from '../support/eventually';
import { signUp, TEST_PASSWORD } from '../support/users';

const REQUEST = `mutation($email: String!) { requestPasswordReset(input: { email: $email, clientMutationId: "r1" }) { clientMutationId } }`;
const RESET = `mutation($token: String!, $password: String!) {
  resetPassword(input: { token: $token, newPassword: $password }) { token refreshToken changedUser { username emailVerified } }
}`;
const LOGIN = `mutation($username: String!, $password: String!) { loginUser(input: { username: $username, password: $password }) { token } }`;
const VIEWER = `{ viewer { user { username } } }`;
const PAGE = '/reset-password';

/** docs/accounts.md#password-reset, against a real SMTP server on a loopback port. */
describe('password reset by mail', () => {
  let mail: MailCatcher;
  let server: TestServer;
  beforeAll(async () => {
    mail = await startMailCatcher();
    server = await startTestServer({
      env: {
        SMTP_URL: mail.url,
        MAIL_FROM: 'Blog <no-reply@blog.test>',
        PUBLIC_URL: 'https://blog.test/app/',
        MAIL_MAX_PER_CLIENT: '1000',
      },
    });
  });
  afterAll(async () => {
    await server.stop();
    await mail.close();
  });

  const resetLink = async (email: string, count = 1) => {
    const asked = await server.request(REQUEST, { email });
    expect(asked.errors).toBeUndefined();
    return (await mail.mailTo(email, `/app${PAGE}`, count)).link;
  };
  const login = (username: string, password: string) => server.request(LOGIN, { username, password });

  test('the mail arrives with the link; the token sets the password once, ends older tokens and subscriptions, and returns a fresh one', async () => {
    const ada = await signUp(server, 'ada', { email: 'ada@blog.test' });
    const socket = connect(server.url, { token: ada.token });
    subscribe(socket, `subscription { subscribeToPost { mutation } }`);
    await serving(server, 1);

    const asked = await server.request(REQUEST, { email: 'ada@blog.test' });
    expect(asked).toEqual({ status: 200, data: { requestPasswordReset: { clientMutationId: 'r1' } } });
    const sent = await mail.mailTo('ada@blog.test', `/app${PAGE}`);
    expect(sent.subject).toBe('Reset your blog.test password');
    expect(sent.text).toContain('Hello ada,');
    expect(sent.text).toContain('30 minutes');
    expect(sent.link.origin + sent.link.pathname).toBe('https://blog.test/app/reset-password');
    const token = sent.link.searchParams.get('token')!;
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(sent.html).toContain(`href="${sent.link.toString()}"`);
    // Only the hash is stored.
    const stored = await server.store.find(ACCOUNT_TOKENS.name, { filter: {}, sort: [], limit: 10 });
    expect(JSON.stringify(stored)).not.toContain(token);

    const reset = await server.request(RESET, { token, password: 'a brand new password' });
    expect(reset.errors).toBeUndefined();
    expect(reset.data.resetPassword.changedUser).toEqual({ username: 'ada', emailVerified: true });
    expect(reset.data.resetPassword.refreshToken).toBeNull();
    expect((await server.request(VIEWER, {}, reset.data.resetPassword.token)).data.viewer.user.username).toBe('ada');
    expect((await server.request(VIEWER, {}, ada.token)).status).toBe(401);
    expect(await eventually(() => socket.closes[0]?.code, 'the subscription to end')).toBe(4401);
    await socket.dispose();
    expect((await login('ada', TEST_PASSWORD)).errors![0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await login('ada', 'a brand new password')).errors).toBeUndefined();

    const again = await server.request(RESET, { token, password: 'yet another password' });
    expect(again.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });
    expect((await login('ada', 'a brand new password')).errors).toBeUndefined();
  });

  test('an expired token is refused and changes nothing', async () => {
    await signUp(server, 'brian', { email: 'brian@blog.test' });
    const token = (await resetLink('brian@blog.test')).searchParams.get('token')!;
    const id = createHash('sha256').update(token).digest('hex');
    await server.store.update(ACCOUNT_TOKENS.name, id, { set: { expiresAt: Date.now() - 1 } });
    const reset = await server.request(RESET, { token, password: 'a brand new password' });
    expect(reset.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(reset.errors![0].message).toMatch(/expired/);
    expect((await login('brian', TEST_PASSWORD)).errors).toBeUndefined();
  });

  test('a token mailed before a password change no longer works', async () => {
    const cleo = await signUp(server, 'cleo', { email: 'cleo@blog.test' });
    const token = (await resetLink('cleo@blog.test')).searchParams.get('token')!;
    const changed = await server.request(
      `mutation($input: UpdateUserPasswordInput!) { updateUserPassword(input: $input) { token } }`,
      { input: { id: cleo.id, oldPassword: TEST_PASSWORD, newPassword: 'changed meanwhile' } },
      cleo.token,
    );
    expect(changed.errors).toBeUndefined();
    const reset = await server.request(RESET, { token, password: 'a brand new password' });
    expect(reset.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await login('cleo', 'changed meanwhile')).errors).toBeUndefined();
  });

  test('a new password outside 8 to 72 bytes is refused before the token is spent', async () => {
    await signUp(server, 'dora', { email: 'dora@blog.test' });
    const token = (await resetLink('dora@blog.test')).searchParams.get('token')!;
    const short = await server.request(RESET, { token, password: 'short' });
    expect(short.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
    expect((await server.request(RESET, { token, password: 'long enough now' })).errors).toBeUndefined();
  });

  test.each([
    ['not an address', 'dora'],
    ['two addresses', 'dora@blog.test, eve@evil.test'],
    ['longer than 254 characters', `${'a'.repeat(250)}@blog.test`],
  ])('an email that is %s is refused with BAD_USER_INPUT, mailing nothing', async (_what, email) => {
    const before = mail.mails.length;
    const asked = await server.request(REQUEST, { email });
    expect(asked.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email', limit: 254 });
    expect(mail.mails.length).toBe(before);
  });

  test('a made-up token, or one of another purpose, is refused the same way', async () => {
    await signUp(server, 'ezra', { email: 'ezra@blog.test' });
    const verification = (await mail.mailTo('ezra@blog.test', '/app/verify-email')).link.searchParams.get('token')!;
    for (const token of ['x'.repeat(43), verification, 'short', 'y'.repeat(10_000)]) {
      const reset = await server.request(RESET, { token, password: 'a brand new password' });
      expect(reset.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'token' } });
    }
    expect((await login('ezra', TEST_PASSWORD)).errors).toBeUndefined();
  });
});
