import type { Relation } from '../../src/appModel/AppModel';
import { linkKeys } from '../../src/appModel/linkKeys';
import { createAdminToken } from '../../src/auth/adminTokens';
import { MAX_LINK_IDS_PER_READ } from '../../src/resolvers/nestedConnections';
import { newStoredId } from '../../src/store/newStoredId';
import { countingStore } from '../support/countingStore';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, type TestUser } from '../support/users';

const PAGE = `query($first: Int!) { allPosts(first: $first) { edges { node { title author { username } } } } }`;
/** Each post with its first comments (and their count) and its first tags: nested connections. */
const NESTED = `query($first: Int!) { allPosts(first: $first) { edges { node { title
  comments(first: 5) { totalCount edges { node { text } } }
  tags(first: 5) { edges { node { name } } } } } } }`;

/**
 * A page costs a constant number of store calls, whatever its size: the to-one `author` is
 * batched by a DataLoader, and the permission filter is part of the page query.
 */
describe('store calls per page (docs/api.md, docs/permissions.md)', () => {
  const { wrap, counter } = countingStore();
  let server: TestServer;
  let admin: string;
  let reader: TestUser;
  let other: TestUser;

  beforeAll(async () => {
    server = await startTestServer({
      wrapStore: wrap,
      permissions: {
        Post: [{ scope: 'RELATION', userFields: ['author'], read: true }],
        Comment: [{ scope: 'EVERYONE', read: true }],
        User: [
          { scope: 'EVERYONE', create: true },
          { scope: 'AUTHENTICATED', read: true, fields: ['username'] },
        ],
      },
    });
    admin = await createAdminToken(server.store, 'store-calls');
    reader = await signUp(server, 'reader');
    other = await signUp(server, 'other');
    for (let i = 0; i < 120; i++) {
      const authorId = i % 2 === 0 ? reader.id : other.id;
      const response = await server.request(
        `mutation($i: CreatePostInput!) { createPost(input: $i) { changedPost { id } } }`,
        { i: { title: `p${i}`, slug: `p${i}`, authorId } },
        admin,
      );
      if (response.errors) throw new Error(JSON.stringify(response.errors));
    }
    // Comments and tags, seeded through the store port: 3 comments and 2 of 3 tags per post.
    const { app, store } = server;
    const posts = await store.find(app.models.get('Post')!.collection, {
      filter: {},
      sort: [{ field: '_id', direction: 1 }],
      limit: 1000,
    });
    const now = new Date().toISOString();
    const tags = ['red', 'green', 'blue'].map((name) => ({
      _id: newStoredId(),
      name,
      createdAt: now,
      modifiedAt: now,
    }));
    for (const tag of tags) await store.insert(app.models.get('Tag')!.collection, tag);
    const postTags = app.relations.get('PostTags') as Extract<Relation, { kind: 'manyToMany' }>;
    const [postKey, tagKey] = linkKeys(postTags, 'Post');
    for (const [i, post] of posts.entries()) {
      for (let c = 0; c < 3; c++) {
        await store.insert(app.models.get('Comment')!.collection, {
          _id: newStoredId(),
          text: `c${c} on ${post.title}`,
          post: post._id,
          createdAt: now,
          modifiedAt: now,
        });
      }
      for (const tag of [tags[i % 3], tags[(i + 1) % 3]]) {
        await store.insert(postTags.collection, {
          _id: newStoredId(),
          [postKey]: post._id,
          [tagKey]: tag._id,
          createdAt: now,
        });
      }
    }
  });
  afterAll(() => server.stop());

  /** The store calls of one page request, as `operation collection`. */
  async function callsFor(first: number, token: string, query = PAGE): Promise<string[]> {
    counter.reset();
    const response = await server.request(query, { first }, token);
    expect(response.errors).toBeUndefined();
    expect(response.data.allPosts.edges).toHaveLength(first);
    if (query === NESTED) {
      for (const { node } of response.data.allPosts.edges) {
        expect(node.comments.totalCount).toBe(3);
        expect(node.comments.edges).toHaveLength(3);
        expect(node.tags.edges).toHaveLength(2);
      }
    }
    // An admin token's lastUsedAt is written when its minute has passed, whichever request that is.
    return counter.log.filter((call) => call !== 'update _admin_tokens');
  }

  test('as an admin token: the token, the page, the authors in one batch; 50 rows as 5', async () => {
    const expected = ['find _admin_tokens', 'find Post', 'findByIds User'];
    expect(await callsFor(5, admin)).toEqual(expected);
    expect(await callsFor(50, admin)).toEqual(expected);
  });

  // An admin's page reads the authors it selects up front, in the batch the resolvers would
  // have made; what the client left out (a @skip, an @include(if: false)) is not read.
  test.each([
    [
      'selected through a fragment',
      `query($first: Int!) { allPosts(first: $first) { edges { node { ...P } } } } fragment P on Post { title author { username } }`,
      {},
      true,
    ],
    [
      'selected twice, under aliases',
      `query($first: Int!) { allPosts(first: $first) { edges { node { title a: author { username } b: author { id } } } } }`,
      {},
      true,
    ],
    [
      'left out by @include(if: $with)',
      `query($first: Int!, $with: Boolean!) { allPosts(first: $first) { edges { node { title author @include(if: $with) { username } } } } }`,
      { with: false },
      false,
    ],
    [
      'kept by @include(if: $with)',
      `query($first: Int!, $with: Boolean!) { allPosts(first: $first) { edges { node { title author @include(if: $with) { username } } } } }`,
      { with: true },
      true,
    ],
  ])(
    'an admin page with the author %s reads the authors once, or not at all',
    async (_name, query, variables, readsAuthors) => {
      counter.reset();
      const response = await server.request(query, { first: 30, ...variables }, admin);
      expect(response.errors).toBeUndefined();
      expect(counter.log.filter((call) => call !== 'update _admin_tokens')).toEqual([
        'find _admin_tokens',
        'find Post',
        ...(readsAuthors ? ['findByIds User'] : []),
      ]);
      expect(response.data.allPosts.edges).toHaveLength(30);
      for (const { node } of response.data.allPosts.edges) {
        const byReader = Number(node.title.slice(1)) % 2 === 0;
        if (!readsAuthors) expect(node.author).toBeUndefined();
        else if (node.a)
          expect([node.a.username, node.b.id]).toEqual(byReader ? ['reader', reader.id] : ['other', other.id]);
        else expect(node.author.username).toBe(byReader ? 'reader' : 'other');
      }
    },
  );

  test('as a user whose reads are RELATION-filtered: the rules go into the page query; 50 rows as 5', async () => {
    // The token's user, their role memberships, the page (with the RELATION filter), the authors.
    const expected = ['findByIds User', 'find _link_UserRoles', 'find Post', 'findByIds User'];
    expect(await callsFor(5, reader.token)).toEqual(expected);
    expect(await callsFor(50, reader.token)).toEqual(expected);
    const titles = (await server.request(`{ allPosts(first: 100) { totalCount } }`, {}, reader.token)).data.allPosts
      .totalCount;
    expect(titles).toBe(60);
  });

  // Besides the token check and the page: one grouped page and one grouped count for the
  // comments and one grouped page for the tags, whatever the number of posts.
  const NESTED_CALLS = ['find Post', 'findGrouped Comment', 'findGrouped Tag', 'countGrouped Comment'];
  test.each([
    ['an admin token', () => admin, ['find _admin_tokens', ...NESTED_CALLS]],
    ['a RELATION-filtered user', () => reader.token, ['findByIds User', 'find _link_UserRoles', ...NESTED_CALLS]],
  ] as const)(
    'nested connections as %s: 50 posts with their comments, counts and tags cost what 5 posts cost',
    async (_who, token, expected) => {
      expect(await callsFor(5, token(), NESTED)).toEqual(expected);
      expect(await callsFor(50, token(), NESTED)).toEqual(expected);
    },
  );

  test("edge fields of nested many-to-many pages: the links behind every parent's page are read in one query", async () => {
    const { app, store } = server;
    const users = await store.find(app.models.get('User')!.collection, {
      filter: {},
      sort: [{ field: '_id', direction: 1 }],
      limit: 100,
    });
    const userRoles = app.relations.get('UserRoles') as Extract<Relation, { kind: 'manyToMany' }>;
    const [userKey, roleKey] = linkKeys(userRoles, 'User');
    const now = new Date().toISOString();
    // Created a millisecond apart, so the default order (createdAt) is editors, then writers.
    const roles = ['editors', 'writers'].map((name, i) => ({
      _id: newStoredId(),
      name,
      createdAt: new Date(Date.parse(now) + i).toISOString(),
      modifiedAt: now,
    }));
    for (const role of roles) await store.insert(app.models.get('Role')!.collection, role);
    // Every user reads editors, writes writers.
    const joinBoth = async (userId: string) => {
      for (const [i, role] of roles.entries()) {
        await store.insert(userRoles.collection, {
          _id: newStoredId(),
          [userKey]: userId,
          [roleKey]: role._id,
          accessLevel: i === 0 ? 'readonly' : 'readwrite',
          createdAt: now,
        });
      }
    };
    for (const user of users) await joinBoth(user._id);
    const query = `query($first: Int!) { allUsers(first: $first) { edges { node { username
      roles(first: 5, where: { name: { in: ["editors", "writers"] } }) { edges { accessLevel node { name } } } } } } }`;
    const callsForUsers = async (first: number) => {
      counter.reset();
      const response = await server.request(query, { first }, admin);
      expect(response.errors).toBeUndefined();
      const edges = response.data.allUsers.edges as { node: { roles: { edges: unknown[] } } }[];
      expect(edges).toHaveLength(first);
      for (const { node } of edges) {
        expect(node.roles.edges).toEqual([
          { accessLevel: 'readonly', node: { name: 'editors' } },
          { accessLevel: 'readwrite', node: { name: 'writers' } },
        ]);
      }
      return counter.log.filter((call) => call !== 'update _admin_tokens');
    };
    const expected = ['find _admin_tokens', 'find User', 'findGrouped Role', `find ${userRoles.collection}`];
    expect(users.length).toBeGreaterThanOrEqual(2);
    expect(await callsForUsers(2)).toEqual(expected);
    expect(await callsForUsers(users.length)).toEqual(expected);

    // MAX_LINK_IDS_PER_READ: with pages of up to 100 roles, one read serves 99 parents
    // (99 × 101 ids ≤ 10,000), so 100 users take two reads, and every edge still has its link.
    expect(MAX_LINK_IDS_PER_READ).toBe(10_000);
    for (let i = users.length; i < 100; i++) {
      const user = { _id: newStoredId(), username: `bulk${i}`, createdAt: now, modifiedAt: now };
      await store.insert(app.models.get('User')!.collection, user);
      await joinBoth(user._id);
    }
    counter.reset();
    const wide = await server.request(
      `{ allUsers(first: 100) { edges { node { roles(first: 100, where: { name: { in: ["editors", "writers"] } }) {
      edges { accessLevel node { name } } } } } } }`,
      {},
      admin,
    );
    expect(wide.errors).toBeUndefined();
    const wideEdges = wide.data.allUsers.edges as { node: { roles: { edges: unknown[] } } }[];
    expect(wideEdges).toHaveLength(100);
    for (const { node } of wideEdges) {
      expect(node.roles.edges).toEqual([
        { accessLevel: 'readonly', node: { name: 'editors' } },
        { accessLevel: 'readwrite', node: { name: 'writers' } },
      ]);
    }
    expect(counter.log.filter((call) => call === `find ${userRoles.collection}`)).toHaveLength(2);
  });
});
