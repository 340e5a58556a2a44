import { createAdminToken } from '../../src/auth/adminTokens';
import { PASSWORD_HASH } from '../../src/auth/userTokens';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, TEST_PASSWORD } from '../support/users';

const SIGN_UP = `mutation($input: CreateUserInput!) { createUser(input: $input) { token changedUser { id username email } clientMutationId } }`;
const LOGIN = `mutation($input: LoginUserInput!) { loginUser(input: $input) { token user { id username lastLogin } } }`;
const VIEWER = `{ viewer { user { id username } } }`;

describe('sign-up and login (docs/api.md#users-and-tokens)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ permissions: 'example' });
  });
  afterAll(() => server.stop());

  const usersNamed = (username: string) =>
    server.store.count(server.app.models.get('User')!.collection, { username: { $eq: username } });

  test('sign-up returns a token that works in viewer, and the new user sees itself', async () => {
    const response = await server.request(SIGN_UP, {
      input: { username: 'ada', password: TEST_PASSWORD, email: 'ada@example.org', clientMutationId: 'm1' },
    });
    expect(response.errors).toBeUndefined();
    const { token, changedUser, clientMutationId } = response.data.createUser;
    expect(changedUser).toMatchObject({ username: 'ada', email: 'ada@example.org' });
    expect(clientMutationId).toBe('m1');
    const viewer = await server.request(VIEWER, {}, token);
    expect(viewer.data.viewer.user).toEqual({ id: changedUser.id, username: 'ada' });
  });

  test('the password is stored as a bcrypt hash and is not an output field', async () => {
    const [stored] = await server.store.find(server.app.models.get('User')!.collection, {
      filter: { username: { $eq: 'ada' } },
      sort: [],
      limit: 1,
    });
    expect(stored[PASSWORD_HASH]).toMatch(/^\$2[aby]\$1\d\$/);
    expect(JSON.stringify(stored)).not.toContain(TEST_PASSWORD);
    const response = await server.request(`{ allUsers { edges { node { password } } } }`);
    expect(response.status).toBe(400);
    expect(response.errors![0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  test('no Authorization header is anonymous', async () => {
    expect((await server.request(VIEWER)).data.viewer.user).toBeNull();
  });

  test('login with the right password returns a token and sets lastLogin', async () => {
    const response = await server.request(LOGIN, { input: { username: 'ada', password: TEST_PASSWORD } });
    expect(response.errors).toBeUndefined();
    expect(Date.parse(response.data.loginUser.user.lastLogin)).toBeGreaterThan(Date.now() - 60_000);
    const viewer = await server.request(VIEWER, {}, response.data.loginUser.token);
    expect(viewer.data.viewer.user.username).toBe('ada');
  });

  test('any @unique String field of User is a login name too', async () => {
    const response = await server.request(LOGIN, { input: { email: 'ada@example.org', password: TEST_PASSWORD } });
    expect(response.errors).toBeUndefined();
    expect(response.data.loginUser.user.username).toBe('ada');
  });

  test('exactly one login name must be given', async () => {
    const both = await server.request(LOGIN, {
      input: { username: 'ada', email: 'ada@example.org', password: TEST_PASSWORD },
    });
    expect(both.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    const none = await server.request(LOGIN, { input: { password: TEST_PASSWORD } });
    expect(none.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('wrong password and unknown user give the same error', async () => {
    const wrong = await server.request(LOGIN, { input: { username: 'ada', password: 'not the password' } });
    const unknown = await server.request(LOGIN, { input: { username: 'nobody', password: 'not the password' } });
    expect(wrong.data.loginUser).toBeNull();
    expect(wrong.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(unknown.errors![0].message).toBe(wrong.errors![0].message);
    expect(unknown.errors![0].extensions?.code).toBe(wrong.errors![0].extensions?.code);
  });

  test.each([
    ['7 bytes', 'x'.repeat(7)],
    ['73 bytes', 'x'.repeat(73)],
    ['73 bytes of which 36 characters are two-byte', 'é'.repeat(36) + 'x'],
  ])('a password of %s is refused and nothing is stored', async (_what, password) => {
    const response = await server.request(SIGN_UP, { input: { username: 'shorty', password } });
    expect(response.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', minBytes: 8, maxBytes: 72 });
    expect(await usersNamed('shorty')).toBe(0);
  });

  test.each([
    ['8', '12345678'],
    ['72', 'y'.repeat(72)],
    ['72 (two-byte characters)', 'é'.repeat(36)],
  ])('a password of exactly %s bytes is accepted and logs in', async (bytes, password) => {
    const username = `bytes${bytes.replace(/\W/g, '')}`;
    expect((await server.request(SIGN_UP, { input: { username, password } })).errors).toBeUndefined();
    expect((await server.request(LOGIN, { input: { username, password } })).errors).toBeUndefined();
  });

  test('a taken username is CONFLICT and writes nothing', async () => {
    const response = await server.request(SIGN_UP, { input: { username: 'ada', password: TEST_PASSWORD } });
    expect(response.errors![0].extensions?.code).toBe('CONFLICT');
    expect(await usersNamed('ada')).toBe(1);
  });

  test('aliases cannot turn one request into several password checks', async () => {
    const response = await server.request(`mutation {
      a: loginUser(input: { username: "ada", password: "guess-one-1" }) { token }
      b: loginUser(input: { username: "ada", password: "guess-two-2" }) { token }
    }`);
    const codes = response.errors!.map((e) => e.extensions?.code).sort();
    expect(codes).toEqual(['TOO_MANY_REQUESTS', 'UNAUTHENTICATED']);
  });

  test('deleteUser removes the account; its token is refused afterwards', async () => {
    const gone = await signUp(server, 'leaving');
    const admin = await createAdminToken(server.store, 'delete-user');
    const deleted = await server.request(
      `mutation($id: ID!) { deleteUser(input: { id: $id }) { deletedId } }`,
      { id: gone.id },
      admin,
    );
    expect(deleted.data.deleteUser.deletedId).toBe(gone.id);
    const refused = await server.request(VIEWER, {}, gone.token);
    expect(refused.status).toBe(401);
    expect(refused.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('sign-up by an admin token', () => {
  test('the admin keeps its own rights for the rest of the request', async () => {
    const server = await startTestServer({ permissions: 'example' });
    try {
      await signUp(server, 'existing', { email: 'existing@example.org' });
      const admin = await createAdminToken(server.store, 'onboarding');
      const response = await server.request(
        `mutation {
        createUser(input: { username: "newcomer", password: "newcomer password" }) { changedUser { username } }
        second: createTag(input: { name: "after-sign-up" }) { changedTag { name } }
      }`,
        {},
        admin,
      );
      expect(response.errors).toBeUndefined();
      expect(response.data.second.changedTag.name).toBe('after-sign-up');
      const emails = await server.request(`{ allUsers { edges { node { email } } } }`, {}, admin);
      expect(emails.data.allUsers.edges.map((e: { node: { email: string | null } }) => e.node.email)).toContain(
        'existing@example.org',
      );
    } finally {
      await server.stop();
    }
  });
});

describe('sign-up mid-request', () => {
  test('what was loaded for the anonymous caller does not answer for the new user', async () => {
    const server = await startTestServer({
      permissions: {
        Post: [{ scope: 'EVERYONE', create: true, read: true }],
        User: [
          { scope: 'EVERYONE', create: true },
          { scope: 'AUTHENTICATED', read: true, fields: ['username'] },
        ],
      },
    });
    try {
      const author = await signUp(server, 'author');
      const response = await server.request(
        `mutation($author: ID!) {
        before: createPost(input: { title: "one", slug: "one", authorId: $author }) { changedPost { author { username } } }
        signUp: createUser(input: { username: "newcomer", password: "newcomer password" }) { changedUser { username } }
        after: createPost(input: { title: "two", slug: "two", authorId: $author }) { changedPost { author { username } } }
      }`,
        { author: author.id },
      );
      expect(response.errors).toBeUndefined();
      // Users are read by signed-in users only: the author was loaded (and hidden) for the
      // anonymous caller, and is loaded again, and shown, once the request runs as the newcomer.
      expect(response.data).toEqual({
        before: { changedPost: { author: null } },
        signUp: { changedUser: { username: 'newcomer' } },
        after: { changedPost: { author: { username: 'author' } } },
      });
    } finally {
      await server.stop();
    }
  });
});
