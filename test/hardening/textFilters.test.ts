import { newStoredId } from '../../src/store/newStoredId';
import { TEXT_CONDITION_COST } from '../../src/limits/whereSize';
import { postFrom } from '../support/fromAddress';
import { startTestServer, type TestServer } from '../support/startTestServer';

const SCHEMA = /* GraphQL */ `
  type Doc @model {
    body: String
  }
`;
const LONG = 64 * 1024;
const DOCS = 15;
/** Three documents' worth: a first page (two documents read, for `hasNextPage`) fits, a count of all does not. */
const SCAN_BYTES = 200_000;

const COUNT = `query($w: DocWhereInput) { allDocs(where: $w) { totalCount } }`;
const FIRST = `query($w: DocWhereInput) { allDocs(first: 1, where: $w) { edges { node { id } } } }`;

/**
 * docs/limits.md, text filters: `contains`/`startsWith` read every object they test, so the
 * pattern is bounded (MAX_TEXT_PATTERN_LENGTH), each test is priced as a page in the query's
 * cost, and what one client's tests read is bounded as they run (MAX_TEXT_SCAN_BYTES at once,
 * refilling per second): past it the field gets BAD_USER_INPUT naming the setting, and the
 * server goes on answering. The tests that scan ask from an address each (127.0.0.2x): a
 * client's budget is shared by all its requests.
 */
describe('text filters are bounded by their work', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      schema: SCHEMA,
      permissions: { Doc: [{ scope: 'EVERYONE', read: true }] },
      env: { MAX_TEXT_PATTERN_LENGTH: '64', MAX_TEXT_SCAN_BYTES: String(SCAN_BYTES) },
    });
    const now = new Date().toISOString();
    for (let i = 0; i < DOCS; i++)
      await server.store.insert('Doc', { _id: newStoredId(), body: 'a'.repeat(LONG), createdAt: now, modifiedAt: now });
    await server.store.insert('Doc', { _id: newStoredId(), body: 'short needle', createdAt: now, modifiedAt: now });
  });
  afterAll(() => server.stop());

  test('a pattern longer than MAX_TEXT_PATTERN_LENGTH is refused, for contains and startsWith', async () => {
    for (const operator of ['contains', 'startsWith']) {
      const response = await server.request(COUNT, { w: { body: { [operator]: 'a'.repeat(65) } } });
      expect(response.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        limit: 64,
        setting: 'MAX_TEXT_PATTERN_LENGTH',
      });
      expect(response.data?.allDocs ?? null).toBeNull();
    }
    const atLimit = await postFrom('127.0.0.21', server.url, FIRST, { w: { body: { startsWith: 'a'.repeat(64) } } });
    expect(atLimit.errors).toBeUndefined();
    expect(atLimit.data.allDocs.edges).toHaveLength(1);
  });

  test('each text test costs a page: aliases of a wide OR of tests are refused before they run', async () => {
    const w = { OR: Array.from({ length: 100 }, () => ({ body: { contains: 'zz' } })) };
    const fields = Array.from({ length: 5 }, (_, i) => `a${i}: allDocs(first: 1, where: $w) { totalCount }`);
    const response = await server.request(`query($w: DocWhereInput) { ${fields.join(' ')} }`, { w });
    expect(response.status).toBe(400);
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 50_000 });
    expect(response.errors?.[0].extensions?.cost).toBeGreaterThanOrEqual(5 * 100 * TEXT_CONDITION_COST);
  });

  test('a scan past MAX_TEXT_SCAN_BYTES stops with BAD_USER_INPUT naming the setting; others are served', async () => {
    const response = await postFrom('127.0.0.22', server.url, COUNT, { w: { body: { contains: 'needle' } } });
    expect(response.errors).toHaveLength(1);
    expect(response.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      limit: SCAN_BYTES,
      setting: 'MAX_TEXT_SCAN_BYTES',
    });
    expect(response.errors?.[0].path).toEqual(['allDocs']);
    expect((await fetch(server.url.replace(/\/graphql$/, '/healthz'))).status).toBe(200);
    const other = await postFrom('127.0.0.23', server.url, FIRST, { w: { body: { startsWith: 'aaa' } } });
    expect(other.errors).toBeUndefined();
  });

  test('a page that fills before the budget runs out is answered', async () => {
    const response = await postFrom('127.0.0.24', server.url, FIRST, { w: { body: { startsWith: 'aaa' } } });
    expect(response.errors).toBeUndefined();
    expect(response.data.allDocs.edges).toHaveLength(1);
  });

  test('the requests of one client share its budget; another client has its own', async () => {
    // Six pages at once from one address read three times the budget between them.
    const w = { body: { startsWith: 'aaa' } };
    const [other, ...same] = await Promise.all([
      postFrom('127.0.0.12', server.url, FIRST, { w }),
      ...Array.from({ length: 6 }, () => postFrom('127.0.0.11', server.url, FIRST, { w })),
    ]);
    expect(same.map((r) => r.errors?.[0].extensions?.setting ?? 'answered')).toContain('MAX_TEXT_SCAN_BYTES');
    expect(other.errors).toBeUndefined();
  });

  test('the aliases of one request share one budget', async () => {
    // Each alias alone fits (the test above); six of them read three times the budget.
    const fields = Array.from({ length: 6 }, (_, i) => `a${i}: allDocs(first: 1, where: $w) { edges { node { id } } }`);
    const response = await postFrom('127.0.0.25', server.url, `query($w: DocWhereInput) { ${fields.join(' ')} }`, {
      w: { body: { startsWith: 'aaa' } },
    });
    expect(response.errors?.map((e) => e.extensions?.setting)).toContain('MAX_TEXT_SCAN_BYTES');
  });
});
