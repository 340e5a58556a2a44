import { createAdminToken } from '../../src/auth/adminTokens';
import { connect, subscribe, type SocketClient } from '../support/subscriptions';
import { eventually } from '../support/eventually';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, TEST_PASSWORD, type TestUser } from '../support/users';

const MINT = 'mutation($u: ID) { createViewAsToken(input: { userId: $u }) { token expiresAt user { username } } }';
const POSTS = '{ allPosts { totalCount edges { node { title views } } } }';

describe('view-as tokens: what a user (or anonymous) sees, read-only (docs/console.md#view-as)', () => {
  let server: TestServer;
  let adminToken: string;
  let ada: TestUser;
  let bob: TestUser;
  const sockets: SocketClient[] = [];

  async function viewAs(user?: TestUser): Promise<string> {
    const response = await server.request(MINT, { u: user?.id ?? null }, adminToken);
    expect(response.errors).toBeUndefined();
    return response.data.createViewAsToken.token;
  }

  beforeAll(async () => {
    server = await startTestServer({ permissions: 'example' });
    adminToken = await createAdminToken(server.store, 'tests');
    ada = await signUp(server, 'ada');
    bob = await signUp(server, 'bob');
    for (const [user, slug] of [
      [ada, 'adas'],
      [bob, 'bobs'],
    ] as const) {
      const created = await server.request(
        `mutation($a: ID) { createPost(input: { title: "${slug}", slug: "${slug}", views: 3, authorId: $a }) { clientMutationId } }`,
        { a: user.id },
        user.token,
      );
      expect(created.errors).toBeUndefined();
    }
  });
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.dispose()));
    await server?.stop();
  });

  test('the minted token names its user and expires in 15 minutes', async () => {
    const response = await server.request(MINT, { u: ada.id }, adminToken);
    const { token, expiresAt, user } = response.data.createViewAsToken;
    expect(token).toMatch(/^gk_viewas_/);
    expect(user).toEqual({ username: 'ada' });
    const minutes = (Date.parse(expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
  });

  test("as ada: her own post's views are readable, bob's are masked, exactly as with her own token", async () => {
    const asAda = await server.request(POSTS, {}, await viewAs(ada));
    const withHerToken = await server.request(POSTS, {}, ada.token);
    expect(asAda).toEqual(withHerToken);
    expect(asAda.data.allPosts.edges.map((e: { node: { views: number | null } }) => e.node.views)).toEqual([3, null]);
    expect(asAda.errors?.map((e) => [e.extensions?.code, e.path?.join('.')])).toEqual([
      ['FORBIDDEN', 'allPosts.edges.1.node.views'],
    ]);
    const viewer = await server.request('{ viewer { user { username } } }', {}, await viewAs(ada));
    expect(viewer.data.viewer.user).toEqual({ username: 'ada' });
  });

  test('as anonymous: what a client without a token sees', async () => {
    const token = await viewAs();
    const asAnonymous = await server.request(POSTS, {}, token);
    expect(asAnonymous).toEqual(await server.request(POSTS));
    expect(asAnonymous.errors).toHaveLength(2);
    expect((await server.request('{ viewer { user { id } } }', {}, token)).data.viewer.user).toBeNull();
  });

  test('every mutation is refused and writes nothing, even where the rules would allow it', async () => {
    const token = await viewAs(ada);
    const before = await server.request('{ allPosts { totalCount } }', {}, adminToken);
    for (const mutation of [
      `mutation($a: ID) { createPost(input: { title: "x", slug: "viewas", authorId: $a }) { clientMutationId } }`,
      `mutation { createUser(input: { username: "mallory", password: "${TEST_PASSWORD}" }) { token } }`,
      `mutation { loginUser(input: { username: "ada", password: "${TEST_PASSWORD}" }) { token } }`,
      `mutation { createRole(input: { name: "Mine" }) { clientMutationId } }`,
      `mutation { createViewAsToken(input: {}) { token } }`,
    ]) {
      const response = await server.request(mutation, { a: ada.id }, token);
      expect([mutation, response.errors?.[0]?.extensions?.code, response.errors?.[0]?.message]).toEqual([
        mutation,
        'FORBIDDEN',
        'a view-as token is read-only: mutations are refused',
      ]);
    }
    expect(await server.request('{ allPosts { totalCount } }', {}, adminToken)).toEqual(before);
    const users = await server.request(
      '{ allUsers(where: { username: { eq: "mallory" } }) { totalCount } }',
      {},
      adminToken,
    );
    expect(users.data.allUsers.totalCount).toBe(0);
  });

  test('over WebSocket: queries answer, mutations and subscriptions are refused', async () => {
    const socket = connect(server.url, { token: await viewAs(ada) });
    sockets.push(socket);
    const run = (query: string) =>
      new Promise<{ data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] }>((resolve) => {
        const results: unknown[] = [];
        socket.client.subscribe(
          { query },
          {
            next: (result) => results.push(result),
            error: (error) => resolve({ errors: error as { message: string }[] }),
            complete: () => resolve(results[0] as never),
          },
        );
      });
    const query = await run('{ viewer { user { username } } }');
    expect(query.data).toEqual({ viewer: { user: { username: 'ada' } } });
    const mutation = await run('mutation { createRole(input: { name: "ViaSocket" }) { clientMutationId } }');
    expect(mutation.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const subscription = subscribe(socket, 'subscription { subscribeToPost { mutation } }');
    const errors = await eventually(
      () => (subscription.errors.length > 0 || subscription.events.length > 0 ? subscription : undefined),
      'the answer to the subscription',
    );
    expect(JSON.stringify(errors.errors.length > 0 ? errors.errors : errors.events)).toContain(
      'a view-as token is read-only: subscriptions are refused',
    );
  });

  test('a view-as token is no user token, and a user token is no view-as token', async () => {
    const token = await viewAs(ada);
    const asJwt = await server.request('{ viewer { user { id } } }', {}, token.slice('gk_viewas_'.length));
    expect(asJwt.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const disguised = await server.request('{ viewer { user { id } } }', {}, `gk_viewas_${ada.token}`);
    expect(disguised.errors?.[0]).toMatchObject({
      message: 'this view-as token is not valid',
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  test("admin operations are refused to a view-as token, even an admin's", async () => {
    const response = await server.request('{ adminTokens { name } }', {}, await viewAs());
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  test("a password change or the user's deletion ends the view", async () => {
    const carol = await signUp(server, 'carol');
    const token = await viewAs(carol);
    expect((await server.request('{ viewer { user { username } } }', {}, token)).errors).toBeUndefined();
    const changed = await server.request(
      `mutation($id: ID!) { updateUserPassword(input: { id: $id, oldPassword: "${TEST_PASSWORD}", newPassword: "another passphrase" }) { token } }`,
      { id: carol.id },
      carol.token,
    );
    expect(changed.errors).toBeUndefined();
    const ended = await server.request('{ viewer { user { username } } }', {}, token);
    expect(ended.errors?.[0]).toMatchObject({
      message: 'this view-as token was ended by a password change',
      extensions: { code: 'UNAUTHENTICATED' },
    });

    const dave = await signUp(server, 'dave');
    const daveView = await viewAs(dave);
    await server.request(
      'mutation($id: ID!) { deleteUser(input: { id: $id }) { deletedId } }',
      { id: dave.id },
      adminToken,
    );
    const gone = await server.request('{ viewer { user { username } } }', {}, daveView);
    expect(gone.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
