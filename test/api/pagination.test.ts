import { createAdminToken } from '../../src/auth/adminTokens';
import { startTestServer, type TestServer } from '../support/startTestServer';

const PAGE = `query($first: Int, $after: String, $last: Int, $before: String, $orderBy: [PostOrderBy!], $where: PostWhereInput) {
  allPosts(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy, where: $where) {
    totalCount
    edges { cursor node { title views } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

describe('connections: keyset paging, where and orderBy (docs/api.md)', () => {
  let server: TestServer;
  let admin: string;
  const TITLES = Array.from({ length: 23 }, (_, i) => `post ${String(i).padStart(2, '0')}`);

  beforeAll(async () => {
    server = await startTestServer();
    admin = await createAdminToken(server.store, 'paging');
    for (const [i, title] of TITLES.entries()) {
      // views repeat (i % 5) so orderBy has ties that `id` must break.
      const created = await server.request(
        `mutation($input: CreatePostInput!) { createPost(input: $input) { changedPost { id } } }`,
        { input: { title, slug: `slug-${i}`, views: i % 5 } },
        admin,
      );
      if (created.errors) throw new Error(JSON.stringify(created.errors));
    }
  });
  afterAll(() => server.stop());

  const page = async (variables: Record<string, unknown>) => {
    const response = await server.request(PAGE, variables, admin);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data.allPosts;
  };

  test('forward: every item once, in creation order, with exact pageInfo', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const result = await page({ first: 5, after });
      pages += 1;
      expect(result.totalCount).toBe(23);
      seen.push(...result.edges.map((e: { node: { title: string } }) => e.node.title));
      expect(result.pageInfo.hasPreviousPage).toBe(after !== undefined);
      expect(result.pageInfo.startCursor).toBe(result.edges[0].cursor);
      expect(result.pageInfo.endCursor).toBe(result.edges[result.edges.length - 1].cursor);
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(pages).toBe(5);
    expect(seen).toEqual(TITLES);
  });

  test('backward: every item once, with exact pageInfo', async () => {
    const seen: string[] = [];
    let before: string | undefined;
    for (;;) {
      const result = await page({ last: 4, before });
      seen.unshift(...result.edges.map((e: { node: { title: string } }) => e.node.title));
      expect(result.pageInfo.hasNextPage).toBe(before !== undefined);
      if (!result.pageInfo.hasPreviousPage) break;
      before = result.pageInfo.startCursor;
    }
    expect(seen).toEqual(TITLES);
  });

  test('orderBy with ties: id breaks them, and paging under that order sees everything once', async () => {
    const orderBy = [{ field: 'views', direction: 'DESC' }];
    const seen: { title: string; views: number }[] = [];
    let after: string | undefined;
    do {
      const result = await page({ first: 7, after, orderBy });
      seen.push(...result.edges.map((e: { node: { title: string; views: number } }) => e.node));
      after = result.pageInfo.hasNextPage ? result.pageInfo.endCursor : undefined;
    } while (after);
    expect(seen).toHaveLength(23);
    expect(new Set(seen.map((p) => p.title)).size).toBe(23);
    const views = seen.map((p) => p.views);
    expect(views).toEqual([...views].sort((a, b) => b - a));
  });

  test('a cursor from another order is refused', async () => {
    const first = await page({ first: 2 });
    const response = await server.request(
      PAGE,
      { first: 2, after: first.pageInfo.endCursor, orderBy: [{ field: 'views' }] },
      admin,
    );
    expect(response.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('where: scalar operators, AND/OR/NOT, and an exact totalCount', async () => {
    const titles = async (where: object) =>
      (await page({ first: 100, where })).edges.map((e: { node: { title: string } }) => e.node.title);
    expect(await titles({ views: { eq: 4 } })).toEqual(['post 04', 'post 09', 'post 14', 'post 19']);
    expect(await titles({ views: { in: [0] }, title: { startsWith: 'post 1' } })).toEqual(['post 10', 'post 15']);
    expect(await titles({ OR: [{ title: { eq: 'post 01' } }, { title: { contains: '22' } }] })).toEqual([
      'post 01',
      'post 22',
    ]);
    expect(
      await titles({ AND: [{ views: { gte: 3 } }, { NOT: { views: { eq: 4 } } }], title: { lt: 'post 10' } }),
    ).toEqual(['post 03', 'post 08']);
    expect((await page({ first: 1, where: { views: { ne: 0 } } })).totalCount).toBe(18);
    expect((await page({ first: 1, where: { body: { isNull: true } } })).totalCount).toBe(23);
  });

  test('where on an unknown field is a validation error, not a 500', async () => {
    const response = await server.request(PAGE, { first: 1, where: { nope: { eq: 1 } } }, admin);
    expect(response.status).toBe(400);
    expect(response.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  test.each([
    ['first above the limit', { first: 101 }],
    ['first below zero', { first: -1 }],
    ['last above the limit', { last: 1000 }],
    ['first and last together', { first: 1, last: 1 }],
    ['a cursor that is not base64 JSON', { first: 1, after: 'not-a-cursor' }],
    ['a cursor of the wrong shape', { first: 1, after: Buffer.from('{"k":[],"v":[]}').toString('base64url') }],
  ])('%s is BAD_USER_INPUT', async (_what, variables) => {
    const response = await server.request(PAGE, variables, admin);
    expect(response.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.data?.allPosts ?? null).toBeNull();
  });

  test('first: 0 gives an empty page with exact flags', async () => {
    const result = await page({ first: 0 });
    expect(result.edges).toEqual([]);
    expect(result.pageInfo.hasNextPage).toBe(true);
  });
});
