import { createAdminToken } from '../../src/auth/adminTokens';
import { startTestServer, type TestServer, type ResponseData } from '../support/startTestServer';
import { signUp, type TestUser } from '../support/users';

/**
 * Nested connections (docs/api.md): batched first and last pages agree with what one parent's
 * connection gives, under the viewer's rules, `where` and `orderBy`; a cursor still pages.
 */
describe('nested connections', () => {
  let server: TestServer;
  let admin: string;
  let reader: TestUser;
  const texts: Record<string, string[]> = {};

  beforeAll(async () => {
    // Comments are readable only by their author: each post's comments differ per viewer.
    server = await startTestServer({
      permissions: {
        Comment: [{ scope: 'RELATION', userFields: ['author'], read: true }],
        User: [
          { scope: 'EVERYONE', create: true },
          { scope: 'AUTHENTICATED', read: true, fields: ['username'] },
        ],
      },
    });
    admin = await createAdminToken(server.store, 'nested');
    reader = await signUp(server, 'reader');
    const other = await signUp(server, 'other');
    const gql = async (query: string, variables: Record<string, unknown>) => {
      const response = await server.request(query, variables, admin);
      if (response.errors) throw new Error(JSON.stringify(response.errors));
      return response.data;
    };
    for (const p of ['p0', 'p1', 'p2']) {
      const post = (
        await gql(`mutation($t: String!) { createPost(input: { title: $t, slug: $t }) { changedPost { id } } }`, {
          t: p,
        })
      ).createPost.changedPost.id;
      texts[p] = [];
      for (let c = 0; c < 4 + Number(p[1]); c++) {
        const mine = c % 2 === 0;
        await gql(
          `mutation($p: ID!, $a: ID!, $t: String!) { createComment(input: { text: $t, postId: $p, authorId: $a }) { changedComment { id } } }`,
          { p: post, a: mine ? reader.id : other.id, t: `${p}-c${c}` },
        );
        if (mine) texts[p].push(`${p}-c${c}`);
      }
    }
  });
  afterAll(() => server.stop());

  const postsWith = async (selection: string, variables: Record<string, unknown> = {}) => {
    const declared = 'after' in variables ? '($after: String)' : '';
    const response = await server.request(
      `query${declared} { allPosts { edges { node { title ${selection} } } } }`,
      variables,
      reader.token,
    );
    expect(response.errors).toBeUndefined();
    return response.data.allPosts.edges.map((edge: ResponseData) => edge.node);
  };
  const textsOf = (connection: ResponseData) => connection.edges.map((edge: ResponseData) => edge.node.text);

  test('first and last pages per post, with exact totalCount and pageInfo, only what the viewer may read', async () => {
    const nodes =
      await postsWith(`first: comments(first: 2) { totalCount pageInfo { hasNextPage hasPreviousPage } edges { node { text } } }
      last: comments(last: 2) { pageInfo { hasNextPage hasPreviousPage } edges { node { text } } }
      none: comments(first: 0) { totalCount pageInfo { hasNextPage } edges { cursor } }`);
    for (const node of nodes) {
      const mine = texts[node.title];
      expect(node.first.totalCount).toBe(mine.length);
      expect(textsOf(node.first)).toEqual(mine.slice(0, 2));
      expect(node.first.pageInfo).toEqual({ hasNextPage: mine.length > 2, hasPreviousPage: false });
      expect(textsOf(node.last)).toEqual(mine.slice(-2));
      expect(node.last.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: mine.length > 2 });
      expect(node.none).toEqual({ totalCount: mine.length, pageInfo: { hasNextPage: mine.length > 0 }, edges: [] });
    }
  });

  test('where and orderBy apply per post', async () => {
    const nodes = await postsWith(
      `comments(first: 5, where: { text: { contains: "c2" } }, orderBy: [{ field: text, direction: DESC }]) { totalCount edges { node { text } } }`,
    );
    for (const node of nodes)
      expect(textsOf(node.comments)).toEqual(texts[node.title].filter((t) => t.includes('c2')).reverse());
    const sorted = await postsWith(
      `comments(first: 10, orderBy: [{ field: text, direction: DESC }]) { edges { node { text } } }`,
    );
    for (const node of sorted) expect(textsOf(node.comments)).toEqual([...texts[node.title]].reverse());
  });

  test('a cursor from a batched page pages on (one query per parent)', async () => {
    const [first] = await postsWith(`comments(first: 2) { edges { cursor node { text } } }`);
    const after = first.comments.edges[1].cursor;
    const next = await postsWith(
      `comments(first: 5, after: $after) { pageInfo { hasPreviousPage } edges { node { text } } }`,
      { after },
    );
    const same = next.find((node: ResponseData) => node.title === first.title);
    expect(textsOf(same.comments)).toEqual(texts[first.title].slice(2));
    expect(same.comments.pageInfo.hasPreviousPage).toBe(true);
  });
});
