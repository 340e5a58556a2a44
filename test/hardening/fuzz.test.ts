import { createAdminToken } from '../../src/auth/adminTokens';
import { startTestServer, type TestServer } from '../support/startTestServer';

/** A small seeded PRNG, so a failure can be replayed with the same FUZZ_SEED. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  return { next, pick, int: (max: number) => Math.floor(next() * max) };
}

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);

/**
 * Thousands of malformed requests (docs/limits.md): random JSON, wrong types, huge strings, bad ids
 * and cursors, unknown fields, deep nesting. None may be a 5xx, the server must stay up, and
 * invalid writes must leave the store as it was.
 */
describe('fuzz: malformed requests', () => {
  let server: TestServer;
  let admin: string;
  beforeAll(async () => {
    server = await startTestServer({ env: { MAX_BODY_BYTES: '200000' } });
    admin = await createAdminToken(server.store, 'fuzz');
    await server.request(
      `mutation { createPost(input: { title: "seed", slug: "seed" }) { changedPost { id } } }`,
      {},
      admin,
    );
  });
  afterAll(() => server.stop());

  async function snapshot(): Promise<string> {
    const counts = await Promise.all(
      [...server.app.models.values()].map(async (m) => `${m.name}:${await server.store.count(m.collection, {})}`),
    );
    const [post] = await server.store.find(server.app.models.get('Post')!.collection, {
      filter: {},
      sort: [],
      limit: 1,
    });
    return `${counts.join(',')}|${JSON.stringify(post)}`;
  }

  test(`${REQUESTS} generated malformed requests: no 5xx, nothing written, server alive`, async () => {
    const r = random(SEED);
    const postId = Buffer.from(
      `Post:${(await server.store.find(server.app.models.get('Post')!.collection, { filter: {}, sort: [], limit: 1 }))[0]._id}`,
    ).toString('base64');
    const junkValues = [
      null,
      true,
      -1,
      1e308,
      'x'.repeat(70_000),
      '',
      '%%%',
      '💥',
      [],
      {},
      [1, [2]],
      { a: { b: {} } },
      'Post:1',
      Buffer.from('Post:zz').toString('base64'),
      Buffer.from('{"k":["x"],"v":[1]}').toString('base64url'),
    ];
    const junk = () => r.pick(junkValues);
    // Values no Int field accepts, so every generated write is invalid and must write nothing.
    const badInts = ['x', 1e308, 2 ** 31, 1.5, [], {}, true, 'Post:1'];
    const deep = (n: number) => `${'{ viewer '.repeat(n)}${'}'.repeat(n)}`;
    const generators: (() => { body: string; contentType?: string; token?: string })[] = [
      () => ({ body: JSON.stringify(junk()) }),
      () => ({ body: JSON.stringify({ query: junk(), variables: junk() }) }),
      () => ({ body: Buffer.from(Array.from({ length: r.int(200) }, () => r.int(256))).toString('latin1') }),
      () => ({
        body: JSON.stringify({ query: `{ allPosts(first: ${r.pick([-5, 101, 1e9, '"x"', 'null'])}) { totalCount } }` }),
      }),
      () => ({
        body: JSON.stringify({
          query: `query($a: String) { allPosts(first: 2, after: $a) { totalCount } }`,
          variables: { a: junk() },
        }),
      }),
      () => ({
        body: JSON.stringify({
          query: `query($id: ID!) { node(id: $id) { id } getPost(id: $id) { id } }`,
          variables: { id: junk() },
        }),
      }),
      () => ({
        body: JSON.stringify({
          query: `mutation($i: CreatePostInput!) { createPost(input: $i) { changedPost { id } } }`,
          variables: {
            i: { title: junk(), slug: junk(), [r.pick(['nope', 'authorId', 'views', 'createdAt'])]: r.pick(badInts) },
          },
        }),
      }),
      () => ({
        body: JSON.stringify({
          query: `mutation($i: UpdatePostInput!) { updatePost(input: $i) { changedPost { id } } }`,
          variables: { i: { id: r.pick([postId, junk()]), title: r.pick([null, junk()]), views: r.pick(badInts) } },
        }),
        token: admin,
      }),
      () => ({
        body: JSON.stringify({
          query: `mutation($id: ID!) { deletePost(input: { id: $id }) { deletedId } }`,
          variables: { id: junk() },
        }),
        token: admin,
      }),
      () => ({
        body: JSON.stringify({
          query: `{ allPosts(where: ${r.pick(['{ nope: { eq: 1 } }', '{ views: { contains: "x" } }', '{ title: { in: 5 } }', '{ AND: [{ OR: [{ NOT: {} }] }] }', '{ author: { eq: "bad" } }'])}) { totalCount } }`,
        }),
        token: admin,
      }),
      () => ({ body: JSON.stringify({ query: deep(1 + r.int(400)) }) }),
      () => ({
        body: JSON.stringify({
          query: `{ allPosts(orderBy: [{ field: ${r.pick(['nope', 'title', '"x"', 'null'])} }]) { totalCount } }`,
        }),
      }),
      () => ({
        body: JSON.stringify({ query: '{ viewer { user { id } } }' }),
        token: r.pick(['x', 'gk_admin_nope', 'a.b.c', 'eyJhbGciOiJub25lIn0.e30.', 'é'.repeat(5000)]),
      }),
      () => ({
        body: JSON.stringify({ query: '{ viewer { user { id } } }' }),
        contentType: r.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', '']),
      }),
      () => ({
        body: JSON.stringify({
          query: `mutation($i: LoginUserInput!) { loginUser(input: $i) { token } }`,
          variables: { i: { username: junk(), password: junk() } },
        }),
      }),
    ];

    const before = await snapshot();
    const statuses = new Map<number, number>();
    const batch = 20;
    for (let i = 0; i < REQUESTS; i += batch) {
      await Promise.all(
        Array.from({ length: Math.min(batch, REQUESTS - i) }, async () => {
          const request = r.pick(generators)();
          const headers: Record<string, string> = { 'content-type': request.contentType ?? 'application/json' };
          if (request.token) headers.authorization = `Bearer ${request.token}`;
          const response = await fetch(server.url, { method: 'POST', headers, body: request.body });
          await response.arrayBuffer();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        }),
      );
    }
    const summary = [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, n]) => `${status}×${n}`)
      .join(' ');
    console.log(`fuzz: ${REQUESTS} requests (seed ${SEED}) → ${summary}`);
    expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([]);
    expect((await fetch(server.url.replace('/graphql', '/healthz'))).status).toBe(200);
    expect(await snapshot()).toBe(before);
  }, 180_000);
});
