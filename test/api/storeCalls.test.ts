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

  /** The store calls of one page request, as `operation collection`. */
  async function callsFor(first: number, token: string): Promise<string[]> {
    counter.reset();
    const response = await server.request(PAGE, { first }, token);
    expect(response.errors).toBeUndefined();
    expect(response.data.allPosts.edges).toHaveLength(first);
    // An admin token's lastUsedAt is written when its minute has passed, whichever request that is.
    return counter.log.filter((call) => call !== 'update _admin_tokens');
  }

  test('as an admin token: the token, the page, the authors in one batch; 50 rows as 5', async () => {
    const expected = ['find _admin_tokens', 'find Post', 'find User'];
    expect(await callsFor(5, admin)).toEqual(expected);
    expect(await callsFor(50, admin)).toEqual(expected);
  });

  test('as a user whose reads are RELATION-filtered: the rules go into the page query; 50 rows as 5', async () => {
    // The token's user, their role memberships, the page (with the RELATION filter), the authors.
    const expected = ['findByIds User', 'find _link_UserRoles', 'find Post', 'find User'];
    expect(await callsFor(5, reader.token)).toEqual(expected);
    expect(await callsFor(50, reader.token)).toEqual(expected);
    const titles = (await server.request(`{ allPosts(first: 100) { totalCount } }`, {}, reader.token)).data.allPosts.totalCount;
    expect(titles).toBe(60);
  });
});
