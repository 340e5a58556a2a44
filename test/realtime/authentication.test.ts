import { createAdminToken } from '../../src/auth/adminTokens';
import { eventually } from '../support/eventually';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { connect, received, serving, subscribe, type SocketClient } from '../support/subscriptions';
import { signUp, TEST_PASSWORD } from '../support/users';

const closeCode = (socket: SocketClient) => eventually(() => socket.closes[0]?.code, 'the socket to close');
const POSTS = `subscription { subscribeToPost { mutation node { title } } }`;

/** docs/subscriptions.md authentication: the token in connectionParams, checked at connect and for as long as the socket lives. */
describe('subscriptions: who is connected', () => {
  let server: TestServer;
  let admin: string;
  const sockets: SocketClient[] = [];
  const open = (params?: Record<string, unknown>) => {
    const socket = connect(server.url, params);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    server = await startTestServer();
    admin = await createAdminToken(server.store, 'tests');
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.dispose()));
  });
  afterAll(() => server.stop());

  test.each([
    ['a token that is not a JWT', { token: 'not-a-token' }],
    ['a JWT signed with another secret', { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl' }],
    ['a malformed Authorization', { Authorization: 'Basic abc' }],
    ['a token that is not a string', { token: 42 }],
    ['a revoked or unknown admin token', { token: 'gk_admin_00000000000000000000' }],
  ])('%s refuses the connection with 4401', async (_name, params) => {
    expect(await closeCode(open(params))).toBe(4401);
  });

  test('`token` and `Authorization: Bearer` both authenticate; queries and mutations work over the socket', async () => {
    const user = await signUp(server, 'ada');
    for (const params of [{ token: user.token }, { Authorization: `Bearer ${user.token}` }]) {
      const socket = open(params);
      const viewer = subscribe(socket, `{ viewer { user { username } } }`);
      const [result] = await received(viewer, 1);
      expect(result.data.viewer.user.username).toBe('ada');
    }
    const socket = open({ token: admin });
    const created = subscribe(
      socket,
      `mutation { createPost(input: { title: "over ws", slug: "over-ws" }) { changedPost { title } } }`,
    );
    expect((await received(created, 1))[0].data.createPost.changedPost.title).toBe('over ws');
  });

  test('a password change ends the connection (4401); the new token connects', async () => {
    const user = await signUp(server, 'grace');
    const socket = open({ token: user.token });
    const posts = subscribe(socket, POSTS);
    await serving(server, 1);
    const changed = await server.request(
      `mutation($input: UpdateUserPasswordInput!) { updateUserPassword(input: $input) { token } }`,
      { input: { id: user.id, oldPassword: TEST_PASSWORD, newPassword: 'another good password' } },
      user.token,
    );
    expect(await closeCode(socket)).toBe(4401);
    expect(socket.closes[0].reason).toMatch(/no longer valid/);
    expect(posts.events).toEqual([]);
    const again = open({ token: changed.data.updateUserPassword.token });
    const viewer = subscribe(again, `{ viewer { user { username } } }`);
    expect((await received(viewer, 1))[0].data.viewer.user.username).toBe('grace');
  });

  test('deleting the user ends their connection (4401)', async () => {
    const user = await signUp(server, 'linus');
    const socket = open({ token: user.token });
    subscribe(socket, POSTS);
    await serving(server, 1);
    await server.request(`mutation($id: ID!) { deleteUser(input: { id: $id }) { deletedId } }`, { id: user.id }, admin);
    expect(await closeCode(socket)).toBe(4401);
  });

  test('an expired token ends the connection (4401) when it expires', async () => {
    const shortLived = await startTestServer({ env: { TOKEN_TTL: '2s' } });
    try {
      const user = await signUp(shortLived, 'brief');
      const socket = connect(shortLived.url, { token: user.token });
      sockets.push(socket);
      subscribe(socket, POSTS);
      expect(await closeCode(socket)).toBe(4401);
      expect(socket.closes[0].reason).toMatch(/expired/);
    } finally {
      await Promise.all(sockets.splice(0).map((socket) => socket.dispose()));
      await shortLived.stop();
    }
  });
});
