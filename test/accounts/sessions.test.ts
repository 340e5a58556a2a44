import jwt from 'jsonwebtoken';
import { createAdminToken } from '../../src/auth/adminTokens';
import { MAX_ENDED_SESSIONS } from '../../src/auth/sessions';
import { TOKEN_VERSION } from '../../src/auth/userTokens';
import { eventually } from '../support/eventually';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { connect, serving, subscribe, type SocketClient } from '../support/subscriptions';
import { signUp, TEST_PASSWORD, type TestUser } from '../support/users';

const SECRET = 'test-secret-that-is-long-enough-for-hs256-000000';
const LOGIN = `mutation($username: String!) { loginUser(input: { username: $username, password: "${TEST_PASSWORD}" }) { token refreshToken } }`;
const LOGOUT = `mutation { logoutUser(input: { clientMutationId: "bye" }) { clientMutationId } }`;
const EVERYWHERE = `mutation($userId: ID) { logoutEverywhere(input: { userId: $userId }) { userId } }`;
const VIEWER = `{ viewer { user { username } } }`;
const POSTS = `subscription { subscribeToPost { mutation } }`;

/** docs/accounts.md#sessions: logging out one device, or all of them, over HTTP and WebSocket. */
describe('sessions: logoutUser and logoutEverywhere', () => {
  let server: TestServer;
  let admin: string;
  const sockets: SocketClient[] = [];
  const closeCode = (socket: SocketClient) => eventually(() => socket.closes[0]?.code, 'the socket to close');
  const open = (token: string) => {
    const socket = connect(server.url, { token });
    sockets.push(socket);
    subscribe(socket, POSTS);
    return socket;
  };

  beforeAll(async () => {
    server = await startTestServer();
    admin = await createAdminToken(server.store, 'session-tests');
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.dispose()));
  });
  afterAll(() => server.stop());

  const login = async (username: string): Promise<string> => {
    const response = await server.request(LOGIN, { username });
    expect(response.errors).toBeUndefined();
    expect(response.data.loginUser.refreshToken).toBeNull();
    return response.data.loginUser.token;
  };
  const status = async (token: string) => (await server.request(VIEWER, {}, token)).status;

  test('logoutUser ends the token it is sent with, and that session’s subscriptions; other sessions stay', async () => {
    const ada = await signUp(server, 'ada');
    const [phone, laptop] = [await login('ada'), await login('ada')];
    const phoneSocket = open(phone);
    const laptopSocket = open(laptop);
    await serving(server, 2);
    const out = await server.request(LOGOUT, {}, phone);
    expect(out).toEqual({ status: 200, data: { logoutUser: { clientMutationId: 'bye' } } });
    const after = await server.request(VIEWER, {}, phone);
    expect(after.status).toBe(401);
    expect(after.errors![0].message).toMatch(/ended by a logout/);
    expect(await closeCode(phoneSocket)).toBe(4401);
    expect(await status(laptop)).toBe(200);
    expect(await status(ada.token)).toBe(200);
    expect(laptopSocket.closes).toEqual([]);
  });

  test('logoutEverywhere ends every token and every open subscription of the viewer', async () => {
    const bo = await signUp(server, 'bo');
    const other = await login('bo');
    const socket = open(other);
    await serving(server, 1);
    const out = await server.request(EVERYWHERE, {}, bo.token);
    expect(out.data.logoutEverywhere.userId).toBe(bo.id);
    expect(await closeCode(socket)).toBe(4401);
    expect(await status(bo.token)).toBe(401);
    expect(await status(other)).toBe(401);
    expect(await status(await login('bo'))).toBe(200);
  });

  test('an admin may log anyone out everywhere; a user may not name someone else', async () => {
    const cy = await signUp(server, 'cy');
    const dee = await signUp(server, 'dee');
    const socket = open(dee.token);
    await serving(server, 1);
    const forbidden = await server.request(EVERYWHERE, { userId: dee.id }, cy.token);
    expect(forbidden.errors![0].extensions?.code).toBe('FORBIDDEN');
    expect(await status(dee.token)).toBe(200);
    const byAdmin = await server.request(EVERYWHERE, { userId: dee.id }, admin);
    expect(byAdmin.data.logoutEverywhere.userId).toBe(dee.id);
    expect(await closeCode(socket)).toBe(4401);
    expect(await status(dee.token)).toBe(401);
    expect(await status(cy.token)).toBe(200);
  });

  test.each<[string, string, () => [string, Record<string, unknown>, string | undefined]]>([
    ['logoutUser without a token', 'UNAUTHENTICATED', () => [LOGOUT, {}, undefined]],
    ['logoutUser with an admin token', 'BAD_USER_INPUT', () => [LOGOUT, {}, admin]],
    ['logoutEverywhere without a token or a user', 'UNAUTHENTICATED', () => [EVERYWHERE, {}, undefined]],
    ['logoutEverywhere by an admin token naming nobody', 'BAD_USER_INPUT', () => [EVERYWHERE, {}, admin]],
    [
      'logoutEverywhere by an admin naming a user that does not exist',
      'NOT_FOUND',
      () => [EVERYWHERE, { userId: Buffer.from('User:0123456789abcdef01234567').toString('base64') }, admin],
    ],
    [
      'logoutEverywhere naming a Post',
      'BAD_USER_INPUT',
      () => [EVERYWHERE, { userId: Buffer.from('Post:1').toString('base64') }, admin],
    ],
  ])('%s: %s', async (_what, code, request) => {
    const [query, variables, token] = request();
    expect((await server.request(query, variables, token)).errors![0].extensions?.code).toBe(code);
  });

  test(`past MAX_ENDED_SESSIONS (${MAX_ENDED_SESSIONS}) sessions logged out and not expired, one more logout ends them all`, async () => {
    const eve: TestUser = await signUp(server, 'eve');
    const sub = (jwt.decode(eve.token) as { sub: string }).sub;
    const [stored] = await server.store.findByIds('User', [sub]);
    // Sessions as the server signs them (same secret, same token version), without a bcrypt login each.
    const session = (sid: string) =>
      jwt.sign({ tv: stored[TOKEN_VERSION] ?? null, sid }, SECRET, { subject: sub, expiresIn: 3600 });
    for (let i = 0; i < MAX_ENDED_SESSIONS; i++) {
      const token = session(`device-${i}`);
      expect((await server.request(LOGOUT, {}, token)).errors).toBeUndefined();
      expect(await status(token)).toBe(401);
    }
    expect(await status(eve.token)).toBe(200);
    const last = session('one-too-many');
    expect((await server.request(LOGOUT, {}, last)).errors).toBeUndefined();
    expect(await status(last)).toBe(401);
    expect(await status(eve.token)).toBe(401);
    expect(await status(await login('eve'))).toBe(200);
  });

  test('a token signed before tokens named their session is logged out with all the others', async () => {
    const fay = await signUp(server, 'fay');
    const sub = (jwt.decode(fay.token) as { sub: string }).sub;
    const [stored] = await server.store.findByIds('User', [sub]);
    const old = jwt.sign({ tv: stored[TOKEN_VERSION] ?? null }, SECRET, { subject: sub, expiresIn: 3600 });
    expect(await status(old)).toBe(200);
    expect((await server.request(LOGOUT, {}, old)).errors).toBeUndefined();
    expect(await status(old)).toBe(401);
    expect(await status(fay.token)).toBe(401);
  });
});
