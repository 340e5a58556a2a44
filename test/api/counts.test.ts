import { createAdminToken } from '../../src/auth/adminTokens';
import { decodeGlobalId } from '../../src/resolvers/globalIds';
import { countingStore } from '../support/countingStore';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, type TestUser } from '../support/users';

const CREATE = `mutation($i: CreatePostInput!) { createPost(input: $i) { changedPost { id } } }`;
const DELETE = `mutation($i: DeletePostInput!) { deletePost(input: $i) { deletedId } }`;
const COUNTS = `{ allPosts { totalCount } }`;
const MINE = `{ allPosts(where: { published: { eq: true } }) { totalCount } }`;

/**
 * `totalCount` (docs/api.md) is exact: the unfiltered count and the count by one reference come
 * from counts the store keeps with every insert and delete, other filtered ones from an index,
 * and all must agree with a recount of the stored documents whatever the writers did.
 */
describe('totalCount', () => {
  const { wrap, counter } = countingStore();
  let server: TestServer;
  let admin: string;
  let owner: TestUser;

  beforeAll(async () => {
    server = await startTestServer({
      wrapStore: wrap,
      permissions: {
        Post: [{ scope: 'RELATION', userFields: ['author'], read: true, create: true, delete: true }],
        User: [{ scope: 'EVERYONE', create: true }],
      },
    });
    admin = await createAdminToken(server.store, 'counts');
    owner = await signUp(server, 'owner');
  });
  afterAll(() => server.stop());

  const recount = async (filter = {}) =>
    (await server.store.find('Post', { filter, sort: [], limit: 1_000_000 })).length;

  test('stays exact while 8 writers create and delete at once', async () => {
    const writer = async (w: number) => {
      const kept: string[] = [];
      for (let i = 0; i < 12; i++) {
        const created = await server.request(
          CREATE,
          { i: { title: `w${w}-${i}`, slug: `w${w}-${i}`, published: i % 2 === 0, authorId: owner.id } },
          admin,
        );
        if (created.errors) throw new Error(JSON.stringify(created.errors));
        kept.push(created.data.createPost.changedPost.id);
        if (i % 3 === 2) {
          const deleted = await server.request(DELETE, { i: { id: kept.shift() } }, admin);
          if (deleted.errors) throw new Error(JSON.stringify(deleted.errors));
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));

    const stored = await recount();
    expect(stored).toBe(8 * (12 - 4));
    expect((await server.request(COUNTS, {}, admin)).data.allPosts.totalCount).toBe(stored);
    expect((await server.request(COUNTS, {}, owner.token)).data.allPosts.totalCount).toBe(stored);
    expect((await server.request(MINE, {}, admin)).data.allPosts.totalCount).toBe(
      await recount({ published: { $eq: true } }),
    );
    // The owner's RELATION count is read from the per-author counts kept with the writes.
    const author = decodeGlobalId(owner.id).id;
    expect(await server.store.count('Post', { author: { $eq: author } })).toBe(stored);
    expect(await recount({ author: { $in: [author] } })).toBe(stored);
  });

  test('aliases of one connection share one count', async () => {
    counter.reset();
    const response = await server.request(
      `{ a: allPosts(first: 1) { totalCount } b: allPosts(first: 2) { totalCount } }`,
      {},
      admin,
    );
    expect(response.data.a.totalCount).toBe(response.data.b.totalCount);
    expect(counter.calls.count).toBe(1);
  });

  test('a count is not reused across a write in the same request', async () => {
    const before = await recount();
    const response = await server.request(
      `mutation($i: CreatePostInput!, $j: CreatePostInput!) {
      a: createPost(input: $i) { changedPost { author { posts { totalCount } } } }
      b: createPost(input: $j) { changedPost { author { posts { totalCount } } } }
    }`,
      {
        i: { title: 'one more', slug: 'one-more', authorId: owner.id },
        j: { title: 'and another', slug: 'and-another', authorId: owner.id },
      },
      admin,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.a.changedPost.author.posts.totalCount).toBe(before + 1);
    expect(response.data.b.changedPost.author.posts.totalCount).toBe(before + 2);
  });
});
