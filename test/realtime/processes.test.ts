import { createAdminToken } from '../../src/auth/adminTokens';
import { eventually } from '../support/eventually';
import { spawnServer } from '../support/spawnServer';
import { postGraphQL, startTestServer, type TestServer } from '../support/startTestServer';
import { connect, received, serving, settle, subscribe, type SocketClient } from '../support/subscriptions';

const SECRET = 'test-secret-that-is-long-enough-for-hs256-000000';
const POSTS = `subscription { subscribeToPost { mutation node { title } } }`;
const createPost = (url: string, token: string, title: string) =>
  postGraphQL(
    url,
    `mutation($input: CreatePostInput!) { createPost(input: $input) { changedPost { id } } }`,
    { input: { title, slug: title } },
    token,
  );

/**
 * docs/subscriptions.md across processes: two API processes on one DATA_DIR (the embedded store) see each
 * other's writes through the change log in the shared file.
 */
describe('subscriptions across processes sharing a DATA_DIR', () => {
  let local: TestServer;
  let other: ReturnType<typeof spawnServer>;
  let otherUrl: string;
  let admin: string;
  const sockets: SocketClient[] = [];

  beforeAll(async () => {
    local = await startTestServer({ permissions: 'example', env: { JWT_SECRET: SECRET } });
    admin = await createAdminToken(local.store, 'processes');
    other = spawnServer({ DATA_DIR: local.dataDir, JWT_SECRET: SECRET, LOG_LEVEL: 'info' });
    otherUrl = await other.listening;
  }, 60_000);
  afterAll(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.dispose()));
    if (other.child.exitCode === null) other.child.kill('SIGTERM');
    await local.stop();
  });

  test('a mutation sent to one process reaches a subscriber on the other, both ways', async () => {
    const here = connect(local.url, { token: admin });
    const there = connect(otherUrl, { token: admin });
    sockets.push(here, there);
    const onLocal = subscribe(here, POSTS);
    const onOther = subscribe(there, POSTS);
    await serving(local, 1);
    // The other process is a black box: write there until its subscriber is live.
    let probes = 0;
    await eventually(
      async () => {
        if (onOther.events.length > 0) return true;
        await createPost(local.url, admin, `probe-${probes++}`);
        return undefined;
      },
      'the other process to serve its subscription',
      100,
      100,
    );
    const sentThere = await createPost(otherUrl, admin, 'written-there');
    expect(sentThere.errors).toBeUndefined();
    const localTitles = () => onLocal.events.map((e) => e.data.subscribeToPost.node.title);
    await eventually(
      () => (localTitles().includes('written-there') ? true : undefined),
      'the event from the other process',
    );
    expect(onLocal.events.every((e) => e.data.subscribeToPost.mutation === 'CREATE')).toBe(true);
    await createPost(local.url, admin, 'written-here');
    await eventually(
      () => (onOther.events.some((e) => e.data.subscribeToPost.node.title === 'written-here') ? true : undefined),
      'the event on the other process',
    );
    // The local event may come after the other process's: the feeds are independent.
    await eventually(() => (localTitles().includes('written-here') ? true : undefined), 'the local event');
    // Each write arrived once on the local subscriber, in commit order.
    await settle(local, [here]);
    expect(localTitles()).toEqual([
      ...Array.from({ length: probes }, (_, i) => `probe-${i}`),
      'written-there',
      'written-here',
    ]);
  }, 60_000);

  test('stopping a process closes its sockets with 1001 (going away); the other keeps serving', async () => {
    const there = connect(otherUrl, { token: admin });
    sockets.push(there);
    await received(subscribe(there, `{ viewer { user { id } } }`), 1);
    other.child.kill('SIGTERM');
    expect(await eventually(() => there.closes[0]?.code, 'the socket to close')).toBe(1001);
    expect(await other.exited).toBe(0);
    expect((await fetch(local.url.replace('/graphql', '/healthz'))).status).toBe(200);
  }, 60_000);
});
