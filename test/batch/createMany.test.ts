import { createAdminToken } from '../../src/auth/adminTokens';
import { MAX_CREATE_MANY_ITEMS, MAX_CREATE_MANY_USERS } from '../../src/resolvers/mutations/createEach';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, TEST_PASSWORD, type TestUser } from '../support/users';

/** docs/api.md batch creates over HTTP: all or nothing, each item judged as its own create. */
describe('createMany<Types> and createManyUsers', () => {
  let server: TestServer;
  let admin: string;
  let bob: TestUser;

  beforeAll(async () => {
    server = await startTestServer({
      permissions: {
        // Anyone reads posts; a signed-in user creates only posts authored by themself.
        Post: [
          { scope: 'EVERYONE', read: true },
          { scope: 'RELATION', userFields: ['author'], create: true },
        ],
      },
    });
    admin = await createAdminToken(server.store, 'batch-test');
    await signUp(server, 'alice');
    bob = await signUp(server, 'bob');
  });
  afterAll(() => server.stop());

  const CREATE_MANY_POSTS = `mutation($input: CreateManyPostsInput!) {
    createManyPosts(input: $input) { changedPosts { id title author { username } } clientMutationId } }`;
  const postCount = async () =>
    (await server.request('{ allPosts { totalCount } }')).data.allPosts.totalCount as number;
  const posts = (n: number, prefix: string, authorId?: string) =>
    Array.from({ length: n }, (_, i) => ({
      title: `${prefix} ${i}`,
      slug: `${prefix}-${i}`,
      ...(authorId ? { authorId } : {}),
    }));

  test(`${MAX_CREATE_MANY_ITEMS} posts in one request, in item order`, async () => {
    const response = await server.request(
      CREATE_MANY_POSTS,
      { input: { items: posts(MAX_CREATE_MANY_ITEMS, 'bulk', bob.id), clientMutationId: 'm1' } },
      bob.token,
    );
    expect(response.errors).toBeUndefined();
    const created = response.data.createManyPosts.changedPosts as { title: string; author: { username: string } }[];
    expect(created).toHaveLength(MAX_CREATE_MANY_ITEMS);
    expect(created[0]).toMatchObject({ title: 'bulk 0', author: { username: 'bob' } });
    expect(created[999].title).toBe('bulk 999');
    expect(response.data.createManyPosts.clientMutationId).toBe('m1');
    expect(await postCount()).toBe(MAX_CREATE_MANY_ITEMS);
  });

  test.each([
    [
      'a slug taken by an earlier item',
      (items: Record<string, unknown>[]) => {
        items[500].slug = items[3].slug;
      },
      'CONFLICT',
    ],
    [
      'a title over the string limit',
      (items: Record<string, unknown>[]) => {
        items[500].title = 'x'.repeat(64 * 1024 + 1);
      },
      'BAD_USER_INPUT',
    ],
    [
      'an author that does not exist',
      (items: Record<string, unknown>[]) => {
        items[500].authorId = Buffer.from('User:000000000000000000000000').toString('base64');
      },
      'NOT_FOUND',
    ],
  ])('one bad item in the middle (%s) writes nothing and names index 500', async (_name, spoil, code) => {
    const before = await postCount();
    const items = posts(1000, `spoiled-${code}`);
    spoil(items);
    const response = await server.request(CREATE_MANY_POSTS, { input: { items } }, admin);
    expect(response.data.createManyPosts).toBeNull();
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0].extensions).toMatchObject({ code, index: 500 });
    expect(response.errors![0].path).toEqual(['createManyPosts', 'changedPosts', 500]);
    expect(response.errors![0].message).toMatch(/^items\[500\]: /);
    expect(await postCount()).toBe(before);
  });

  test('a viewer without create rights on one item gets FORBIDDEN with its index, and nothing is written', async () => {
    const before = await postCount();
    // Item 2 has no author, so bob's RELATION grant does not hold for it (as with createPost).
    const items = [...posts(2, 'own', bob.id), ...posts(1, 'orphan'), ...posts(2, 'own-more', bob.id)];
    const response = await server.request(CREATE_MANY_POSTS, { input: { items } }, bob.token);
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', index: 2 });
    expect(response.errors?.[0].path).toEqual(['createManyPosts', 'changedPosts', 2]);
    const anonymous = await server.request(CREATE_MANY_POSTS, { input: { items: posts(1, 'anon') } });
    expect(anonymous.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', index: 0 });
    expect(await postCount()).toBe(before);
  });

  test(`more than ${MAX_CREATE_MANY_ITEMS} items is BAD_USER_INPUT naming the limit, before anything is written`, async () => {
    const before = await postCount();
    const response = await server.request(
      CREATE_MANY_POSTS,
      { input: { items: posts(MAX_CREATE_MANY_ITEMS + 1, 'over') } },
      admin,
    );
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: MAX_CREATE_MANY_ITEMS });
    expect(await postCount()).toBe(before);
  });

  const CREATE_MANY_USERS = `mutation($input: CreateManyUsersInput!) { createManyUsers(input: $input) { changedUsers { id username } } }`;
  const userCount = async () =>
    (await server.request('{ allUsers { totalCount } }', undefined, admin)).data.allUsers.totalCount as number;
  const users = (n: number, prefix: string) =>
    Array.from({ length: n }, (_, i) => ({ username: `${prefix}${i}`, password: `${TEST_PASSWORD} ${i}` }));

  test(`createManyUsers: ${MAX_CREATE_MANY_USERS} sign-ups, then the first, the last and every tenth log in`, async () => {
    const items = users(MAX_CREATE_MANY_USERS, 'member');
    const response = await server.request(CREATE_MANY_USERS, { input: { items } }, admin);
    expect(response.errors).toBeUndefined();
    expect(response.data.createManyUsers.changedUsers.map((u: { username: string }) => u.username)).toEqual(
      items.map((i) => i.username),
    );
    const logIn = (item: { username: string; password: string }) =>
      server.request(
        `mutation($u: String!, $p: String!) { loginUser(input: { username: $u, password: $p }) { token user { username } } }`,
        { u: item.username, p: item.password },
      );
    // Each password is hashed on its own, so a sample shows each item kept its own: a login costs
    // a bcrypt comparison, and a hundred of them would take seconds for nothing more.
    const sample = items.filter((_, i) => i % 10 === 0 || i === 1 || i === items.length - 1);
    for (let start = 0; start < sample.length; start += 4) {
      const batch = sample.slice(start, start + 4);
      const logins = await Promise.all(batch.map(logIn));
      logins.forEach((login, i) => {
        expect(login.errors).toBeUndefined();
        expect(login.data.loginUser.user.username).toBe(batch[i].username);
      });
    }
  }, 120_000);

  test('createManyUsers: a bad password or a taken username names its index; nothing is stored', async () => {
    const before = await userCount();
    const short = users(10, 'short');
    short[7].password = 'short';
    const refused = await server.request(CREATE_MANY_USERS, { input: { items: short } });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', index: 7 });
    const taken = users(3, 'taken');
    taken[1].username = 'alice';
    const conflict = await server.request(CREATE_MANY_USERS, { input: { items: taken } });
    expect(conflict.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', index: 1 });
    expect(conflict.errors?.[0].path).toEqual(['createManyUsers', 'changedUsers', 1]);
    const over = await server.request(CREATE_MANY_USERS, {
      input: { items: users(MAX_CREATE_MANY_USERS + 1, 'over') },
    });
    expect(over.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: MAX_CREATE_MANY_USERS });
    expect(await userCount()).toBe(before);
  });

  test('createManyUsers returns no tokens and shows an anonymous caller only what the rules let it see', async () => {
    const response = await server.request(
      `mutation { createManyUsers(input: { items: [{ username: "dora", password: "${TEST_PASSWORD}" }] }) { changedUsers { id } } }`,
    );
    // User is readable only by `me` by default: an anonymous batch sees nulls, each with an error saying it was created.
    expect(response.data.createManyUsers.changedUsers).toEqual([null]);
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['CREATED_NOT_READABLE']);
    const login = await server.request(
      `mutation { loginUser(input: { username: "dora", password: "${TEST_PASSWORD}" }) { token } }`,
    );
    expect(login.data.loginUser.token).toEqual(expect.any(String));
  });
});
