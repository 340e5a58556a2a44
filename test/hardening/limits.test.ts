import { createAdminToken } from '../../src/auth/adminTokens';
import { MAX_LIST_INPUT } from '../../src/limits/listInput';
import { MAX_STRING_LENGTH } from '../../src/resolvers/mutations/inputToChange';
import { startTestServer, type TestServer } from '../support/startTestServer';

/** Every limit of docs/limits.md, hit once, with the error a client gets and nothing written. */
describe('request limits (docs/limits.md)', () => {
  let server: TestServer;
  let admin: string;
  beforeAll(async () => {
    server = await startTestServer({
      env: {
        MAX_DEPTH: '11',
        MAX_ALIASES: '5',
        MAX_DIRECTIVES: '4',
        MAX_TOKENS: '400',
        MAX_COST: '3000',
        MAX_BODY_BYTES: '20000',
      },
    });
    admin = await createAdminToken(server.store, 'limits');
  });
  afterAll(() => server.stop());

  const tags = () => server.store.count(server.app.models.get('Tag')!.collection, {});
  const post = (body: string, contentType = 'application/json') =>
    fetch(server.url, { method: 'POST', headers: { 'content-type': contentType }, body });

  test('a real Relay query two hops deep fits the depth limit', async () => {
    const response = await server.request(
      `{ allPosts(first: 5) { edges { node { author { posts(first: 5) { edges { node { comments(first: 5) { edges { node { text } } } } } } } } } } }`,
      {},
      admin,
    );
    expect(response.errors).toBeUndefined();
  });

  test('depth above MAX_DEPTH is refused before it runs', async () => {
    const response = await server.request(
      `{ allPosts(first: 1) { edges { node { author { posts(first: 1) { edges { node { author { posts(first: 1) { edges { node { title } } } } } } } } } } } }`,
      {},
      admin,
    );
    expect(response.status).toBe(400);
    expect(response.errors![0].message).toMatch(/depth/i);
    expect(response.data ?? null).toBeNull();
    // Asked again, the parsed query comes from Apollo's cache: still refused.
    expect(
      (
        await server.request(
          `{ allPosts(first: 1) { edges { node { author { posts(first: 1) { edges { node { author { posts(first: 1) { edges { node { title } } } } } } } } } } } }`,
          {},
          admin,
        )
      ).status,
    ).toBe(400);
  });

  test('aliases above MAX_ALIASES are refused', async () => {
    const aliases = Array.from({ length: 6 }, (_, i) => `a${i}: viewer { user { id } }`).join(' ');
    const response = await server.request(`{ ${aliases} }`);
    expect(response.status).toBe(400);
    expect(response.errors![0].message).toMatch(/alias/i);
  });

  test('directives above MAX_DIRECTIVES are refused', async () => {
    const response = await server.request(
      `{ viewer @include(if: true) @include(if: true) @include(if: true) @include(if: true) @include(if: true) { user { id } } }`,
    );
    expect(response.status).toBe(400);
    expect(response.errors![0].message).toMatch(/directive/i);
  });

  test('tokens above MAX_TOKENS are a 400 syntax error, not a 500', async () => {
    const fields = Array.from({ length: 500 }, () => '__typename').join(' ');
    const response = await server.request(`{ ${fields} }`);
    expect(response.status).toBe(400);
    expect(response.errors![0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(response.errors![0].message).toMatch(/token/i);
  });

  test('cost scales with first/last, also through variables', async () => {
    const query = `query($n: Int) { allPosts(first: $n) { edges { node { comments(first: $n) { edges { node { text } } } } } } }`;
    expect((await server.request(query, { n: 10 }, admin)).errors).toBeUndefined();
    const expensive = await server.request(query, { n: 100 }, admin);
    expect(expensive.status).toBe(400);
    expect(expensive.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 3000 });
    expect(expensive.errors![0].extensions!.cost).toBeGreaterThan(3000);
    // The same query is priced by its variables every time, whichever was asked before.
    for (let again = 0; again < 2; again++) {
      expect((await server.request(query, { n: 10 }, admin)).errors).toBeUndefined();
      expect((await server.request(query, { n: 100 }, admin)).status).toBe(400);
    }
    // No first at all counts as the page limit (100).
    expect(
      (await server.request(`{ allPosts { edges { node { comments { edges { node { text } } } } } } }`, {}, admin))
        .status,
    ).toBe(400);
  });

  test('a body above MAX_BODY_BYTES is 413 and writes nothing', async () => {
    const before = await tags();
    const response = await post(
      JSON.stringify({
        query: `mutation { createTag(input: { name: "${'x'.repeat(20_000)}" }) { changedTag { id } } }`,
      }),
    );
    expect(response.status).toBe(413);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe(
      'BAD_USER_INPUT',
    );
    expect(await tags()).toBe(before);
  });

  test('a string above the field length limit is refused and writes nothing', async () => {
    const big = await startTestServer({ env: { MAX_BODY_BYTES: String(4 * MAX_STRING_LENGTH) } });
    try {
      const response = await big.request(
        `mutation($name: String!) { createTag(input: { name: $name }) { changedTag { id } } }`,
        { name: 'x'.repeat(MAX_STRING_LENGTH + 1) },
      );
      expect(response.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: MAX_STRING_LENGTH });
      expect(await big.store.count(big.app.models.get('Tag')!.collection, {})).toBe(0);
    } finally {
      await big.stop();
    }
  });

  test('array-batched requests are refused', async () => {
    const response = await post(
      JSON.stringify([{ query: '{ viewer { user { id } } }' }, { query: '{ viewer { user { id } } }' }]),
    );
    expect(response.status).toBe(400);
  });

  test(`lists longer than ${MAX_LIST_INPUT} items are refused: nodes(ids) and in`, async () => {
    const ids = Array.from({ length: MAX_LIST_INPUT + 1 }, () =>
      Buffer.from('Post:0123456789abcdef01234567').toString('base64'),
    );
    const nodes = await server.request(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids }, admin);
    expect(nodes.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    const names = Array.from({ length: MAX_LIST_INPUT + 1 }, (_, i) => `t${i}`);
    const filtered = await server.request(
      `query($names: [String!]) { allTags(where: { name: { in: $names } }) { totalCount } }`,
      { names },
      admin,
    );
    expect(filtered.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
