import { createAdminToken } from '../../src/auth/adminTokens';
import { compilePolicy } from '../../src/permissions/compilePolicy';
import { explain } from '../../src/permissions/explain';
import { decodeGlobalId } from '../../src/resolvers/globalIds';
import { startMailCatcher, type MailCatcher } from '../support/mailCatcher';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, type TestUser } from '../support/users';

const VERIFY = `mutation($token: String!) { verifyEmail(input: { token: $token }) { changedUser { username emailVerified } } }`;
const AGAIN = `mutation($userId: ID) { requestEmailVerification(input: { userId: $userId }) { clientMutationId } }`;
const ME = `{ viewer { user { email emailVerified } } }`;
const UPDATE = `mutation($input: UpdateUserInput!) { updateUser(input: $input) { changedUser { email emailVerified } } }`;
const CREATE_POST = `mutation($slug: String!) { createPost(input: { title: "Hello", slug: $slug }) { changedPost { title } } }`;
const PAGE = '/verify-email';
const POST_RULES = [
  { scope: 'EVERYONE', read: true },
  { scope: 'AUTHENTICATED', create: true, verified: true },
];

/**
 * docs/accounts.md#email-verification, with a rule that asks for it
 * (docs/permissions.md#verified-email-only): only users with a verified email may post.
 */
describe('email verification', () => {
  let mail: MailCatcher;
  let server: TestServer;
  let admin: string;
  beforeAll(async () => {
    mail = await startMailCatcher();
    server = await startTestServer({
      env: {
        SMTP_URL: mail.url,
        MAIL_FROM: 'no-reply@blog.test',
        PUBLIC_URL: 'https://blog.test',
        APP_NAME: 'The <Blog>',
        MAIL_MAX_PER_CLIENT: '1000',
      },
      permissions: { Post: POST_RULES },
    });
    admin = await createAdminToken(server.store, 'verification-tests');
  });
  afterAll(async () => {
    await server.stop();
    await mail.close();
  });

  const tokenIn = async (email: string, count = 1) =>
    (await mail.mailTo(email, PAGE, count)).link.searchParams.get('token')!;
  const me = async (user: TestUser) => (await server.request(ME, {}, user.token)).data.viewer.user;

  test('sign-up mails a link; until it is used the user is unverified, and the verified-only rule refuses them', async () => {
    const ada = await signUp(server, 'ada', { email: 'ada@blog.test' });
    expect(await me(ada)).toEqual({ email: 'ada@blog.test', emailVerified: false });
    const sent = await mail.mailTo('ada@blog.test', PAGE);
    expect(sent.subject).toBe('Confirm your email address for The <Blog>');
    expect(sent.html).toContain('The &lt;Blog&gt;');
    expect(sent.link.origin + sent.link.pathname).toBe('https://blog.test/verify-email');

    const refused = await server.request(CREATE_POST, { slug: 'ada-1' }, ada.token);
    expect(refused.errors![0].extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors![0].message).toMatch(/verified email only.*verify your email address/);

    // Whoever holds the link may use it; an anonymous caller sees what anonymous may see.
    const verified = await server.request(VERIFY, { token: sent.link.searchParams.get('token') });
    expect(verified.errors).toBeUndefined();
    expect(verified.data.verifyEmail.changedUser).toBeNull();
    expect(await me(ada)).toEqual({ email: 'ada@blog.test', emailVerified: true });
    expect((await server.request(CREATE_POST, { slug: 'ada-1' }, ada.token)).errors).toBeUndefined();

    const reused = await server.request(VERIFY, { token: sent.link.searchParams.get('token') });
    expect(reused.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });
  });

  test('a new address is unverified and mailed; the link to the old one no longer verifies anything', async () => {
    const bo = await signUp(server, 'bo', { email: 'bo@blog.test' });
    const oldLink = await tokenIn('bo@blog.test');
    const changed = await server.request(UPDATE, { input: { id: bo.id, email: 'bo@new.test' } }, bo.token);
    expect(changed.data.updateUser.changedUser).toEqual({ email: 'bo@new.test', emailVerified: false });
    expect((await server.request(VERIFY, { token: oldLink })).errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    const newLink = await tokenIn('bo@new.test');
    const verified = await server.request(VERIFY, { token: newLink }, bo.token);
    expect(verified.data.verifyEmail.changedUser).toEqual({ username: 'bo', emailVerified: true });
    // The same address again changes nothing and mails nothing.
    const same = await server.request(UPDATE, { input: { id: bo.id, email: 'bo@new.test' } }, bo.token);
    expect(same.data.updateUser.changedUser).toEqual({ email: 'bo@new.test', emailVerified: true });
    expect(mail.mailsTo('bo@new.test', PAGE)).toHaveLength(1);
  });

  test('requestEmailVerification mails another link: to oneself, or as an admin to anyone', async () => {
    const cy = await signUp(server, 'cy', { email: 'cy@blog.test' });
    const dee = await signUp(server, 'dee', { email: 'dee@blog.test' });
    await tokenIn('cy@blog.test');
    expect((await server.request(AGAIN, {}, cy.token)).errors).toBeUndefined();
    await tokenIn('cy@blog.test', 2);
    const forbidden = await server.request(AGAIN, { userId: dee.id }, cy.token);
    expect(forbidden.errors![0].extensions?.code).toBe('FORBIDDEN');
    expect((await server.request(AGAIN, { userId: dee.id }, admin)).errors).toBeUndefined();
    const link = await tokenIn('dee@blog.test', 2);
    expect((await server.request(AGAIN, {})).errors![0].extensions?.code).toBe('UNAUTHENTICATED');
    await server.request(VERIFY, { token: link });
    const done = await server.request(AGAIN, {}, dee.token);
    expect(done.errors![0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: expect.stringMatching(/verified already/),
    });
  });

  test('permissions explain names the unverified address as the reason', async () => {
    const gus = await signUp(server, 'gus', { email: 'gus@blog.test' });
    const { id } = decodeGlobalId(gus.id);
    const [doc] = await server.store.findByIds('User', [id]);
    const policy = compilePolicy(server.app, new Map([['Post', { file: 'Post.json', content: POST_RULES }]]), 'open');
    const lines = await explain({
      app: server.app,
      policy,
      store: server.store,
      type: server.app.models.get('Post')!,
      operation: 'create',
      user: { id, username: 'gus', doc },
      memberships: [],
    });
    expect(lines).toContain(
      "  rule 1 (AUTHENTICATED, verified email): does not apply: gus's email address is not verified",
    );
  });

  test('emailVerified is the server’s: no input sets it', async () => {
    const eve = await signUp(server, 'eve', { email: 'eve@blog.test' });
    const created = await server.request(
      `mutation { createUser(input: { username: "faker", password: "long enough", emailVerified: true }) { token } }`,
    );
    expect(created.errors![0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const updated = await server.request(UPDATE, { input: { id: eve.id, emailVerified: true } }, admin);
    expect(updated.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await me(eve)).toEqual({ email: 'eve@blog.test', emailVerified: false });
  });
});
