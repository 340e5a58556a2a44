import { createAdminToken } from '../../src/auth/adminTokens';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, type TestUser } from '../support/users';

/** A FORBIDDEN says what the rules would have needed, with the example app's rules. */
describe('FORBIDDEN answers say what would pass', () => {
  let server: TestServer;
  let ada: TestUser;
  let bob: TestUser;
  let adasPost: string;
  beforeAll(async () => {
    server = await startTestServer({ permissions: 'example' });
    ada = await signUp(server, 'ada', { email: 'ada@example.org' });
    bob = await signUp(server, 'bob');
    const created = await server.request(
      `mutation($author: ID!) { createPost(input: { title: "Hi", slug: "hi", authorId: $author }) { changedPost { id } } }`,
      { author: ada.id },
      ada.token,
    );
    adasPost = created.data.createPost.changedPost.id;
  });
  afterAll(() => server.stop());

  const forbiddenMessage = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const response = await server.request(query, variables, token);
    expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    return response.errors![0].message;
  };
  const createPost = `mutation($input: CreatePostInput!) { createPost(input: $input) { changedPost { id } } }`;

  test.each<[string, () => [string, Record<string, unknown>, string | undefined], string]>([
    [
      'a signed-in create without the user field names it and how to set it',
      () => [createPost, { input: { title: 'Mine', slug: 'mine' } }, ada.token],
      'you may not create this Post (title, slug): RELATION rule 1 of Post grants create only when author is you: set authorId to your own user id (viewer { user { id } })',
    ],
    [
      'a create authored by someone else says the same',
      () => [createPost, { input: { title: 'Theirs', slug: 'theirs', authorId: bob.id } }, ada.token],
      'you may not create this Post (title, slug, author): RELATION rule 1 of Post grants create only when author is you: set authorId to your own user id (viewer { user { id } })',
    ],
    [
      'an anonymous create that a signed-in user may do says to sign in',
      () => [createPost, { input: { title: 'Anon', slug: 'anon' } }, undefined],
      'you may not create this Post (title, slug): no token was sent, and RELATION rule 1 of Post grants create only when author is you: sign in (createUser or loginUser) and send "Authorization: Bearer <token>"',
    ],
    [
      "an update of someone else's object names the user field",
      () => [
        `mutation($id: ID!) { updatePost(input: { id: $id, title: "Taken" }) { changedPost { id } } }`,
        { id: adasPost },
        bob.token,
      ],
      'you may not update this Post (title): RELATION rule 1 of Post grants update only when author is you',
    ],
    [
      'a role-only grant names the role',
      () => [`mutation { createTag(input: { name: "news" }) { changedTag { id } } }`, {}, ada.token],
      'you may not create this Tag (name): ROLE rule 2 of Tag grants create only to members of Editors (accessLevel readwrite or admin)',
    ],
    [
      'a field no rule grants is named',
      () => [
        `mutation($id: ID!) { updateUser(input: { id: $id, password: "a new passphrase" }) { changedUser { id } } }`,
        { id: ada.id },
        ada.token,
      ],
      'you may not update this User (password): no rule of User grants update on password',
    ],
  ])('%s', async (_name, request, expected) => {
    const [query, variables, token] = request();
    expect(await forbiddenMessage(query, variables, token)).toBe(expected);
  });

  test('an anonymous read of a field a signed-in user could read says to sign in', async () => {
    const response = await server.request(`query($id: ID!) { getUser(id: $id) { username email } }`, { id: ada.id });
    expect(response.data.getUser).toEqual({ username: 'ada', email: null });
    expect(response.errors![0].message).toBe(
      'you may not read User.email of this object: no token was sent, and RELATION rule 2 of User grants read only when it is your own User: sign in (createUser or loginUser) and send "Authorization: Bearer <token>"',
    );
  });

  test("nothing is written by the refused creates, and the README's signed-in path works", async () => {
    const admin = await createAdminToken(server.store, 'count');
    expect((await server.request(`{ allPosts { totalCount } }`, {}, admin)).data.allPosts.totalCount).toBe(1);
    const mine = await server.request(
      createPost,
      { input: { title: 'Hello', slug: 'hello', authorId: ada.id } },
      ada.token,
    );
    expect(mine.errors).toBeUndefined();
  });
});
