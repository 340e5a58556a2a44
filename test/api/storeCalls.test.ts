import { createAdminToken } from '../../src/auth/adminTokens';
import { countingStore } from '../support/countingStore';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, type TestUser } from '../support/users';

const PAGE = `query($first: Int!) { allPosts(first: $first) { edges { node { title author { username } } } } }`;

/**
 * A page costs a constant number of store calls, whatever its size: the to-one `author` is
 * batched by a DataLoader, and the permission filter is part of the page query.
 */
describe('store calls per page (SPEC §3, §5.3)', () => {
  const { wrap, counter } = countingStore();
  let server: TestServer;
  let admin: string;
  let reader: TestUser;

  beforeAll(async () => {
    server = await startTestServer({
      wrapStore: wrap,
      permissions: {
        Post: [{ scope: 'RELATION', userFields: ['author'], read: true }],
        Comment: [{ scope: 'EVERYONE', read: true }],
        User: [{ scope: 'EVERYONE', create: true }, { scope: 'AUTHENTICATED', read: true, fields: ['username'] }],
      },
    });
    admin = await createAdminToken(server.store, 'store-calls');
    reader = await signUp(server, 'reader');
    const other = await signUp(server, 'other');
    for (let i = 0; i < 120; i++) {
      const authorId = i % 2 === 0 ? reader.id : other.id;
      const response = await server.request(`mutation($i: CreatePostInput!) { createPost(input: $i) { changedPost { id } } }`,
        { i: { title: `p${i}`, slug: `p${i}`, authorId } }, admin);
      if (response.errors) throw new Error(JSON.stringify(response.errors));
    }
  });
  afterAll(() => server.stop());

  async function callsFor(first: number, token: string): Promise<number> {
    counter.reset();
    const response = await server.request(PAGE, { first }, token);
    expect(response.errors).toBeUndefined();
    expect(response.data.allPosts.edges).toHaveLength(first);
    return counter.total();
  }

  test('as an admin token: a page of 50 costs what a page of 5 costs', async () => {
    const small = await callsFor(5, admin);
    const large = await callsFor(50, admin);
    expect(large).toBe(small);
  });

  test('as a user whose reads are RELATION-filtered: a page of 50 costs what a page of 5 costs', async () => {
    const small = await callsFor(5, reader.token);
    const large = await callsFor(50, reader.token);
    expect(large).toBe(small);
    const titles = (await server.request(`{ allPosts(first: 100) { totalCount } }`, {}, reader.token)).data.allPosts.totalCount;
    expect(titles).toBe(60);
  });
});
