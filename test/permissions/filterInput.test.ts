import { MAX_WHERE_CONDITIONS, MAX_WHERE_DEPTH } from '../../src/limits/whereSize';
import { startTestServer, type TestServer } from '../support/startTestServer';

/**
 * `where` and cursors are client input like any other (docs/limits.md): operators of one field
 * combine with AND, a filter's size is bounded, and both adapters answer alike.
 */
describe('permissions: filter input', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ schema: `type Memo @model { text: String  rank: Int }` });
    for (const [text, rank] of [
      ['alpha', 1],
      ['beta', 2],
      [null, 3],
      ['a\u0000b', 4],
    ] as const) {
      await server.request(
        `mutation($text: String, $rank: Int) { createMemo(input: { text: $text, rank: $rank }) { clientMutationId } }`,
        { text, rank },
      );
    }
  });
  afterAll(() => server.stop());

  const ranks = async (where: unknown, extra = '') => {
    const response = await server.request(
      `query($where: MemoWhereInput) { allMemos(where: $where${extra}) { edges { node { rank } } } }`,
      { where },
    );
    if (response.errors) return response.errors.map((e) => e.extensions?.code);
    return response.data.allMemos.edges.map((e: { node: { rank: number } }) => e.node.rank);
  };

  test.each([
    [{ text: { ne: 'alpha', isNull: false } }, [2, 4]],
    [{ text: { eq: 'alpha', isNull: false } }, [1]],
    [{ text: { eq: 'alpha', isNull: true } }, []],
    [{ text: { in: ['alpha', 'beta'], ne: 'beta' } }, [1]],
    [{ text: { isNull: true } }, [3]],
  ])('all operators of one field combine with AND: %j', async (where, expected) => {
    expect(await ranks(where)).toEqual(expected);
  });

  test.each([
    ['startsWith', 'a\u0000', [4]],
    ['contains', '\u0000b', [4]],
    ['startsWith', 'a', [1, 4]],
  ])('text operators are NUL-safe: %s %j', async (operator, value, expected) => {
    expect(await ranks({ text: { [operator]: value } })).toEqual(expected);
  });

  test('a cursor value of the wrong type for its sort field is refused', async () => {
    const forge = (values: unknown[]) =>
      Buffer.from(JSON.stringify({ k: ['text:1', '_id:1'], v: values })).toString('base64url');
    const byText = `, orderBy: [{ field: text }], after: "${forge([5, 'zzzz'])}"`;
    expect(await ranks(null, byText)).toEqual(['BAD_USER_INPUT']);
    const byRank = `, orderBy: [{ field: rank }], after: "${Buffer.from(JSON.stringify({ k: ['rank:1', '_id:1'], v: ['2', 'zzzz'] })).toString('base64url')}"`;
    expect(await ranks(null, byRank)).toEqual(['BAD_USER_INPUT']);
    const fine = `, orderBy: [{ field: text }], after: "${forge(['b', ''])}"`;
    expect(await ranks(null, fine)).toEqual([2]);
  });

  test(`a where of more than ${MAX_WHERE_CONDITIONS} conditions is BAD_USER_INPUT, and at the limit it runs`, async () => {
    // Each OR entry counts one, and so does the field filter inside it.
    const wide = (n: number) => ({ OR: Array.from({ length: n }, (_, i) => ({ rank: { eq: i } })) });
    expect(await ranks(wide(1000))).toEqual(['BAD_USER_INPUT']);
    expect(await ranks(wide(MAX_WHERE_CONDITIONS / 2 + 1))).toEqual(['BAD_USER_INPUT']);
    expect(await ranks(wide(MAX_WHERE_CONDITIONS / 2))).toEqual([1, 2, 3, 4]);
  });

  test(`an AND nested deeper than ${MAX_WHERE_DEPTH} is BAD_USER_INPUT, and at the limit it runs`, async () => {
    const deep = (n: number): unknown => (n === 0 ? { rank: { gt: 1 } } : { AND: [deep(n - 1)] });
    // Built as text: JSON.stringify itself cannot nest 3,000 deep.
    const where = `${'{"AND":['.repeat(3000)}{"rank":{"gt":1}}${']}'.repeat(3000)}`;
    const body = `{"query":"query($where: MemoWhereInput) { allMemos(where: $where) { totalCount } }","variables":{"where":${where}}}`;
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const json = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(json.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(await ranks(deep(MAX_WHERE_DEPTH))).toEqual(['BAD_USER_INPUT']);
    expect(await ranks(deep(MAX_WHERE_DEPTH - 1))).toEqual([2, 3, 4]);
  });
});
