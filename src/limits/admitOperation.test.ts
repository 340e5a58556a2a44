import { createHash } from 'node:crypto';
import { buildSchema } from 'graphql';
import { loadConfig } from '../config/loadConfig';
import { createAdmissions, type OperationRequest } from './admitOperation';
import { MAX_QUERY_NESTING } from './queryNesting';

const schema = buildSchema(`
  type Query { post(id: ID!): Post, posts(first: Int): [Post!]! }
  type Post { title: String, next: Post, posts(first: Int): [Post!]! }
  enum Color { RED }
  type Mutation { paint(color: Color!): Boolean }
`);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('createAdmissions', () => {
  const admissions = createAdmissions(schema, loadConfig({ MAX_DEPTH: '4', MAX_COST: '1000' }));
  const codeOf = (request: OperationRequest) => {
    const admission = admissions.admit(request);
    return admission.admitted ? 'admitted' : admission.errors.map((error) => error.extensions.code).join(',');
  };

  test.each<[string, OperationRequest, string]>([
    ['a plain query', { query: '{ posts { title } }' }, 'admitted'],
    ['no query', {}, 'BAD_REQUEST'],
    ['a query that is not a string', { query: 5 }, 'BAD_REQUEST'],
    ['variables that are a list', { query: '{ posts { title } }', variables: [] }, 'BAD_REQUEST'],
    ['an operationName that is not a string', { query: '{ posts { title } }', operationName: 1 }, 'BAD_REQUEST'],
    ['a syntax error', { query: '{ posts {' }, 'GRAPHQL_PARSE_FAILED'],
    ['an unknown field', { query: '{ nope }' }, 'GRAPHQL_VALIDATION_FAILED'],
    ['too deep', { query: '{ posts { next { next { next { title } } } } }' }, 'BAD_USER_INPUT'],
    [
      'brackets too deep',
      { query: `{ posts ${'{ next '.repeat(MAX_QUERY_NESTING)}${'}'.repeat(MAX_QUERY_NESTING)} }` },
      'BAD_USER_INPUT',
    ],
    ['too costly', { query: '{ posts(first: 100) { posts(first: 100) { title } } }' }, 'BAD_USER_INPUT'],
    [
      'a cost from a variable',
      { query: 'query($n: Int) { posts(first: $n) { posts(first: $n) { title } } }', variables: { n: 100 } },
      'BAD_USER_INPUT',
    ],
    [
      'a variable of the wrong type',
      { query: 'query($id: ID!) { post(id: $id) { title } }', variables: { id: {} } },
      'BAD_USER_INPUT',
    ],
    ['a missing required variable', { query: 'query($id: ID!) { post(id: $id) { title } }' }, 'BAD_USER_INPUT'],
    [
      'an unknown operation name',
      { query: 'query A { posts { title } }', operationName: 'B' },
      'OPERATION_RESOLUTION_FAILURE',
    ],
    [
      'two operations, no name',
      { query: 'query A { posts { title } } query B { posts { title } }' },
      'OPERATION_RESOLUTION_FAILURE',
    ],
    [
      'two operations, one named',
      { query: 'query A { posts { title } } query B { posts { title } }', operationName: 'B' },
      'admitted',
    ],
    [
      'a persisted query of version 2',
      {
        query: '{ posts { title } }',
        extensions: { persistedQuery: { version: 2, sha256Hash: sha256('{ posts { title } }') } },
      },
      'BAD_REQUEST',
    ],
    [
      'a persisted query with a wrong hash',
      { query: '{ posts { title } }', extensions: { persistedQuery: { version: 1, sha256Hash: sha256('x') } } },
      'BAD_REQUEST',
    ],
    [
      'a persisted query with a malformed hash',
      { extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } },
      'BAD_REQUEST',
    ],
    [
      'an unknown persisted query',
      { extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ never }') } } },
      'PERSISTED_QUERY_NOT_FOUND',
    ],
  ])('%s', (_what, request, expected) => {
    expect(codeOf(request)).toBe(expected);
  });

  test('a persisted query is found by its hash once it has been admitted with its text', () => {
    const query = '{ posts { next { title } } }';
    const persistedQuery = { version: 1, sha256Hash: sha256(query) };
    expect(codeOf({ extensions: { persistedQuery } })).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(codeOf({ query, extensions: { persistedQuery } })).toBe('admitted');
    const byHash = admissions.admit({ extensions: { persistedQuery } });
    expect(byHash.admitted && byHash.query).toBe(query);
  });

  test('a refused text is not remembered as a persisted query', () => {
    const query = '{ nope }';
    const persistedQuery = { version: 1, sha256Hash: sha256(query) };
    expect(codeOf({ query, extensions: { persistedQuery } })).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(codeOf({ extensions: { persistedQuery } })).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  test("a text is parsed once: the same document every time, and Apollo's documentStore finds it by its hash", async () => {
    const query = '{ posts { title next { title } } }';
    const first = admissions.admit({ query });
    const second = admissions.admit({ query });
    expect(first.admitted && second.admitted && first.document === second.document).toBe(true);
    expect(await admissions.documentStore.get(`some-schema-hash:${sha256(query)}`)).toBe(
      first.admitted ? first.document : undefined,
    );
    expect(await admissions.documentStore.get(`some-schema-hash:${sha256('{ other }')}`)).toBeUndefined();
  });

  test('in production, suggestions that name the schema are left out of messages', () => {
    const production = createAdmissions(schema, loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }));
    const field = production.admit({ query: '{ postz { title } }' });
    const value = production.admit({ query: 'mutation($c: Color!) { paint(color: $c) }', variables: { c: 'REDD' } });
    for (const admission of [field, value]) {
      expect(admission.admitted).toBe(false);
      if (!admission.admitted)
        expect(admission.errors.map((error) => error.message).join()).not.toMatch(/did you mean/i);
    }
  });
});
