import { startTestServer, type TestServer } from '../support/startTestServer';

/** Depth, aliases, directives and introspection answer with what to change, like the cost limit. */
describe('limit answers name the limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { MAX_DEPTH: '6', MAX_ALIASES: '3', MAX_DIRECTIVES: '2' } });
  });
  afterAll(() => server.stop());

  test.each<[string, string, Record<string, unknown>, RegExp]>([
    [
      'depth',
      '{ allPosts { edges { node { author { posts { edges { node { title } } } } } } } }',
      { limit: 6, setting: 'MAX_DEPTH' },
      /^this query's depth is 8, above the limit of 6 \(a Relay hop "edges \{ node \}" counts two\)$/,
    ],
    [
      'aliases',
      '{ a: viewer { user { id } } b: viewer { user { id } } c: viewer { user { id } } d: viewer { user { id } } }',
      { limit: 3, setting: 'MAX_ALIASES' },
      /^this query uses 4 aliases, above the limit of 3$/,
    ],
    [
      'directives',
      '{ viewer @include(if: true) { user @include(if: true) { id @skip(if: false) } } }',
      { limit: 2, setting: 'MAX_DIRECTIVES' },
      /^this query uses 3 directives, above the limit of 2$/,
    ],
  ])(
    '%s above the limit is BAD_USER_INPUT with extensions.limit, not a syntax error',
    async (_name, query, extensions, message) => {
      const response = await server.request(query);
      expect(response.status).toBe(400);
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', ...extensions });
      expect(response.errors![0].message).toMatch(message);
      expect(response.errors![0].message).not.toMatch(/syntax/i);
      expect(response.data ?? null).toBeNull();
    },
  );

  test('at the limit a query runs', async () => {
    const response = await server.request('{ allPosts { edges { node { author { posts { totalCount } } } } } }');
    expect(response.errors).toBeUndefined();
    const aliases = await server.request(
      '{ a: viewer { user { id } } b: viewer { user { id } } c: viewer { user { id } } }',
    );
    expect(aliases.errors).toBeUndefined();
    expect(response.errors).toBeUndefined();
  });
});

describe('introspection when off', () => {
  test('names INTROSPECTION and the way to get the schema; __typename still works', async () => {
    const server = await startTestServer({ env: { NODE_ENV: 'production' } });
    try {
      const response = await server.request('{ __schema { queryType { name } } __type(name: "Post") { name } }');
      expect(response.status).toBe(400);
      expect(response.errors!.map((error) => error.message)).toEqual([
        'introspection is off on this server (__schema); set INTROSPECTION=true to allow it, or get the schema with "npm run schema -- print"',
        'introspection is off on this server (__type); set INTROSPECTION=true to allow it, or get the schema with "npm run schema -- print"',
      ]);
      expect(response.errors![0].extensions).toMatchObject({ setting: 'INTROSPECTION' });
      expect((await server.request('{ __typename }')).data).toEqual({ __typename: 'Query' });
    } finally {
      await server.stop();
    }
  });

  test('INTROSPECTION=true turns it on in production', async () => {
    const server = await startTestServer({ env: { NODE_ENV: 'production', INTROSPECTION: 'true' } });
    try {
      expect((await server.request('{ __schema { queryType { name } } }')).data).toEqual({
        __schema: { queryType: { name: 'Query' } },
      });
    } finally {
      await server.stop();
    }
  });
});
