import { createHash } from 'node:crypto';
import { MAX_QUERY_NESTING } from '../../src/limits/queryNesting';
import { MAX_VARIABLE_DEPTH } from '../../src/limits/variableDepth';
import { documentedErrorCodes } from '../support/documentedErrorCodes';
import { RawGraphQLWs } from '../support/rawGraphQLWs';
import { startTestServer, type TestServer } from '../support/startTestServer';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A `where` written out in the query, nested `levels` deep through `AND`. */
const inlineWhere = (levels: number) => `${'{ AND: ['.repeat(levels)}{ title: { eq: "x" } }${' ] }'.repeat(levels)}`;
/** A variable's value nested `levels` deep, as JSON text: too deep for JSON.stringify itself. */
const deepValue = (levels: number) => `${'{"AND":['.repeat(levels)}{"title":{"eq":"x"}}${']}'.repeat(levels)}`;
const deepSelection = (hops: number) =>
  `{ allPosts { edges { node { ${'author { posts { edges { node { '.repeat(hops)}title${' } } } }'.repeat(hops)} } } } }`;

interface Case {
  what: string;
  /** The request, as an object or as the JSON text of one. */
  payload:
    { query?: string; variables?: Record<string, unknown>; operationName?: string; extensions?: unknown } | string;
  code: string;
  extensions?: Record<string, unknown>;
}

const COUNT = '{ allPosts { totalCount } }';
const CREATE = 'mutation($input: CreatePostInput!) { createPost(input: $input) { changedPost { id } } }';

/** Hostile or malformed operations, each answered the same way through either door (docs/errors.md). */
const CASES: Case[] = [
  {
    what: 'a where nested 2,000 levels deep in the query text',
    payload: { query: `{ allPosts(where: ${inlineWhere(2000)}) { totalCount } }` },
    code: 'BAD_USER_INPUT',
    extensions: { limit: MAX_QUERY_NESTING },
  },
  {
    what: 'a variable nested 5,000 levels deep',
    payload: `{"query": "subscription($w: PostWhereInput) { subscribeToPost(where: $w) { mutation } }", "variables": {"w": ${deepValue(5000)}}}`,
    code: 'BAD_USER_INPUT',
    extensions: { limit: MAX_VARIABLE_DEPTH },
  },
  {
    what: 'a selection deeper than MAX_DEPTH',
    payload: { query: deepSelection(4) },
    code: 'BAD_USER_INPUT',
    extensions: { setting: 'MAX_DEPTH' },
  },
  {
    what: 'more aliases than MAX_ALIASES',
    payload: { query: `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: viewer { user { id } }`).join(' ')} }` },
    code: 'BAD_USER_INPUT',
    extensions: { setting: 'MAX_ALIASES' },
  },
  {
    what: 'more tokens than MAX_TOKENS',
    payload: { query: `{ ${'__typename '.repeat(5000)}}` },
    code: 'GRAPHQL_PARSE_FAILED',
  },
  {
    what: 'a cost above MAX_COST',
    payload: {
      query:
        '{ allPosts(first: 100) { edges { node { comments(first: 100) { edges { node { post { comments(first: 100) { totalCount } } } } } } } } }',
    },
    code: 'BAD_USER_INPUT',
    extensions: { limit: 50000 },
  },
  { what: 'a syntax error', payload: { query: '{ allPosts { ' }, code: 'GRAPHQL_PARSE_FAILED' },
  { what: 'an unknown field', payload: { query: '{ allPostz { totalCount } }' }, code: 'GRAPHQL_VALIDATION_FAILED' },
  {
    what: 'a variable of the wrong type',
    payload: { query: 'query($n: Int) { allPosts(first: $n) { totalCount } }', variables: { n: 'many' } },
    code: 'BAD_USER_INPUT',
  },
  {
    what: 'a mutation whose input has the wrong type',
    payload: { query: CREATE, variables: { input: { title: 5, slug: 'never-stored' } } },
    code: 'BAD_USER_INPUT',
  },
  {
    what: 'an unknown operationName',
    payload: { query: 'query A { __typename } query B { __typename }', operationName: 'C' },
    code: 'OPERATION_RESOLUTION_FAILURE',
  },
  {
    what: 'several operations and no operationName',
    payload: { query: 'query A { __typename } query B { __typename }' },
    code: 'OPERATION_RESOLUTION_FAILURE',
  },
  {
    what: 'persisted query version 2',
    payload: { query: COUNT, extensions: { persistedQuery: { version: 2, sha256Hash: sha256(COUNT) } } },
    code: 'BAD_REQUEST',
  },
  {
    what: "a persisted query whose hash is not the query's",
    payload: { query: COUNT, extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ other }') } } },
    code: 'BAD_REQUEST',
  },
  {
    what: 'a persisted query never sent',
    // graphql-ws requires a query string: an empty one stands for "by hash only".
    payload: { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ never { sent } }') } } },
    code: 'PERSISTED_QUERY_NOT_FOUND',
  },
];

/** Messages that would say more about the server than about the request. */
const INTERNAL = /Maximum call stack|RangeError|TypeError|is not a function|Cannot read prop|internal server error/i;

describe('one door: HTTP and WebSocket admit operations through the same checks, with the same errors', () => {
  let server: TestServer;
  let socket: RawGraphQLWs;
  beforeAll(async () => {
    server = await startTestServer({ permissions: { Post: [{ scope: 'EVERYONE', read: true, create: true }] } });
    socket = await new RawGraphQLWs(server.url).init();
  });
  afterAll(async () => {
    socket.close();
    await server.stop();
  });

  const postCount = async () => (await server.request(COUNT)).data.allPosts.totalCount as number;

  test.each(CASES.map((c) => [c.what, c] as const))('%s', async (_what, { payload, code, extensions }) => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
    const http = (await response.json()) as {
      data?: unknown;
      errors: { message: string; extensions: Record<string, unknown> }[];
    };
    expect(response.status).toBe(code === 'PERSISTED_QUERY_NOT_FOUND' ? 200 : 400);
    expect(http.data).toBeUndefined();
    expect(http.errors[0].extensions).toMatchObject({ code, ...extensions });

    const id = `op-${CASES.findIndex((c) => c.payload === payload)}`;
    socket.send(
      `{"id": "${id}", "type": "subscribe", "payload": ${typeof payload === 'string' ? payload : JSON.stringify(payload)}}`,
    );
    const ws = await socket.answer(id);
    expect(ws.type).toBe('error');
    // The same errors: the same messages and codes, none of the server's insides.
    const strip = (errors: { message: string; extensions: Record<string, unknown> }[]) =>
      errors.map(({ message, extensions: { stacktrace: _trace, ...rest } }) => ({ message, extensions: rest }));
    expect(strip(ws.payload as never)).toEqual(strip(http.errors as never));
    expect(documentedErrorCodes()).toContain(code);
    expect(JSON.stringify(http.errors)).not.toMatch(INTERNAL);
    // The connection lives on: a refusal is the operation's, not the socket's.
    expect(socket.closed).toBeUndefined();
  });

  test('a request that is not one: HTTP 400 BAD_REQUEST; over WebSocket, a message the protocol refuses closes with 4400', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: COUNT, variables: [1] }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { extensions: object }[] }).errors[0].extensions).toMatchObject({
      code: 'BAD_REQUEST',
    });
    const other = await new RawGraphQLWs(server.url).init();
    other.subscribe('bad', { query: COUNT, variables: [1] });
    expect(await other.closeCode()).toBe(4400);
  });

  test('nothing refused was stored, and the connection still runs operations', async () => {
    expect(await postCount()).toBe(0);
    socket.subscribe('after', { query: COUNT });
    expect((await socket.answer('after')).payload).toEqual({ data: { allPosts: { totalCount: 0 } } });
  });

  test('a persisted query registered through one door is found through the other', async () => {
    const query = '{ allPosts { edges { node { title } } } }';
    const persisted = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };
    socket.subscribe('register', { query, extensions: persisted });
    expect((await socket.answer('register')).type).toBe('next');
    const byHash = await fetch(`${server.url}?extensions=${encodeURIComponent(JSON.stringify(persisted))}`);
    expect(await byHash.json()).toEqual({ data: { allPosts: { edges: [] } } });
  });
});
