import WebSocket from 'ws';
import { createAdminToken } from '../../src/auth/adminTokens';
import { eventually } from '../support/eventually';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { connect, received, serving, subscribe, type SocketClient } from '../support/subscriptions';
import { signUp } from '../support/users';

const POSTS = `subscription { subscribeToPost { mutation node { title body } } }`;
const refusal = (subscription: { errors: unknown[] }) =>
  eventually(() => (subscription.errors.length > 0 ? JSON.stringify(subscription.errors) : undefined), 'the refusal');

/** docs/subscriptions.md's bounds, each hit once, with what the client sees. */
describe('subscription limits', () => {
  let server: TestServer;
  let admin: string;
  const sockets: SocketClient[] = [];
  const open = (token: string) => {
    const socket = connect(server.url, { token });
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    server = await startTestServer({
      env: {
        WS_MAX_SUBSCRIPTIONS: '2',
        WS_MAX_CONNECTIONS_PER_USER: '2',
        WS_MAX_PENDING_EVENTS: '20',
        WS_CONNECTION_INIT_TIMEOUT: '1s',
        MAX_DEPTH: '10',
        MAX_COST: '3000',
      },
    });
    admin = await createAdminToken(server.store, 'limits');
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.dispose()));
    await eventually(() => (server.realtime.connections() === 0 ? true : undefined), 'connections to close');
  });
  afterAll(() => server.stop());

  test('WS_MAX_SUBSCRIPTIONS: one more operation on the connection is refused with BAD_USER_INPUT', async () => {
    const socket = open(admin);
    subscribe(socket, POSTS);
    subscribe(socket, POSTS);
    await serving(server, 2);
    expect(await refusal(subscribe(socket, POSTS))).toMatch(/at most 2 operations.*BAD_USER_INPUT/);
  });

  test('WS_MAX_CONNECTIONS_PER_USER: one more connection of the same user is closed with 4403', async () => {
    const user = await signUp(server, 'many');
    const [first, second] = [open(user.token), open(user.token)];
    await Promise.all([first, second].map((socket) => received(subscribe(socket, `{ viewer { user { id } } }`), 1)));
    const third = open(user.token);
    expect(await eventually(() => third.closes[0]?.code, 'the third socket to close')).toBe(4403);
    expect(first.closes).toEqual([]);
  });

  test('WS_CONNECTION_INIT_TIMEOUT: a socket that never says connection_init is closed with 4408', async () => {
    const raw = new WebSocket(server.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const code = await new Promise<number>((resolve) => raw.on('close', (closeCode) => resolve(closeCode)));
    expect(code).toBe(4408);
  });

  test('depth and cost limits apply to subscriptions as to HTTP queries', async () => {
    const socket = open(admin);
    const deep = subscribe(
      socket,
      `subscription { subscribeToPost { node { author { posts { edges { node { author { posts { edges { node { author { username } } } } } } } } } } } }`,
    );
    expect(await refusal(deep)).toMatch(/depth/i);
    const costly = subscribe(
      socket,
      `subscription { subscribeToPost { node { comments(first: 100) { edges { node { post { comments(first: 100) { edges { node { text } } } } } } } } } }`,
    );
    expect(await refusal(costly)).toMatch(/cost/);
  });

  test('WS_MAX_PENDING_EVENTS: a client that stops reading is closed with 4413 while a fast one receives every event', async () => {
    const fast = subscribe(open(admin), POSTS);
    const slowSocket = open(admin);
    const slow = subscribe(slowSocket, POSTS);
    await serving(server, 2);
    // Stop reading, as a frozen browser tab would: the server's sends back up in the kernel, then in its queue.
    (slowSocket.socket() as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const body = 'x'.repeat(50_000);
    let writes = 0;
    while (server.realtime.subscriptions() === 2 && writes < 400) {
      const response = await server.request(
        `mutation($input: CreatePostInput!) { createPost(input: $input) { clientMutationId } }`,
        { input: { title: `post ${writes}`, slug: `post-${writes}`, body } },
        admin,
      );
      expect(response.errors).toBeUndefined();
      writes++;
    }
    expect(server.realtime.subscriptions()).toBe(1); // the slow one was dropped, the fast one is still served
    const events = await received(fast, writes, `all ${writes} events on the fast client`);
    expect(events.map((e) => e.data.subscribeToPost.node.title)).toEqual(
      Array.from({ length: writes }, (_, i) => `post ${i}`),
    );
    (slowSocket.socket() as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await eventually(() => slowSocket.closes[0]?.code, 'the slow socket to see its close')).toBe(4413);
    expect(slow.events.length).toBeLessThan(writes);
  });
});

describe('introspection over WebSocket', () => {
  test('is off when INTROSPECTION=false, as over HTTP', async () => {
    const server = await startTestServer({ env: { INTROSPECTION: 'false' } });
    const socket = connect(server.url);
    try {
      const result = subscribe(socket, `{ __schema { types { name } } }`);
      expect(await refusal(result)).toMatch(/introspection/i);
    } finally {
      await socket.dispose();
      await server.stop();
    }
  });
});
