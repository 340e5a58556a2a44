import { createAdminToken } from '../../src/auth/adminTokens';
import { MAX_PARENTS_PER_BATCH } from '../../src/resolvers/nestedConnections';
import { newStoredId } from '../../src/store/newStoredId';
import { semiJoinProbe, MAX_PROBE_BATCH } from '../../src/store/semiJoinProbe';
import { countingStore } from '../support/countingStore';
import { startTestServer, type TestServer } from '../support/startTestServer';

/**
 * The batch limits of relations (docs/relations.md, "Limits"): past them a batch becomes more
 * queries, and no answer is dropped.
 */
describe('relation batch limits', () => {
  const { wrap, counter } = countingStore();
  let server: TestServer;
  let admin: string;
  const USERS = 6;
  const POSTS_PER_USER = 100;

  beforeAll(async () => {
    server = await startTestServer({ wrapStore: wrap });
    admin = await createAdminToken(server.store, 'batch-limits');
    // Through the store port: 6 users × 100 posts, one comment on each post.
    const { app, store } = server;
    const now = new Date().toISOString();
    const stamp = { createdAt: now, modifiedAt: now };
    await store.transaction(async (tx) => {
      for (let u = 0; u < USERS; u++) {
        const user = { _id: newStoredId(), username: `writer${u}`, ...stamp };
        await tx.insert(app.models.get('User')!.collection, user);
        for (let p = 0; p < POSTS_PER_USER; p++) {
          const post = { _id: newStoredId(), title: `u${u}p${p}`, slug: `u${u}p${p}`, author: user._id, ...stamp };
          await tx.insert(app.models.get('Post')!.collection, post);
          await tx.insert(app.models.get('Comment')!.collection, {
            _id: newStoredId(),
            text: `on ${post.title}`,
            post: post._id,
            ...stamp,
          });
        }
      }
    });
  });
  afterAll(() => server.stop());

  test(`MAX_PARENTS_PER_BATCH: ${USERS * POSTS_PER_USER} posts asking for their comments take two grouped queries, and every post gets its comment`, async () => {
    expect(MAX_PARENTS_PER_BATCH).toBe(500);
    counter.reset();
    const response = await server.request(
      `{ allUsers(first: ${USERS}, where: { username: { startsWith: "writer" } }) { edges { node {
      posts(first: ${POSTS_PER_USER}) { edges { node { title comments(first: 1) { edges { node { text } } } } } } } } } }`,
      {},
      admin,
    );
    expect(response.errors).toBeUndefined();
    const posts = (
      response.data.allUsers.edges as {
        node: { posts: { edges: { node: { title: string; comments: { edges: { node: { text: string } }[] } } }[] } };
      }[]
    ).flatMap((user) => user.node.posts.edges.map((edge) => edge.node));
    expect(posts).toHaveLength(USERS * POSTS_PER_USER);
    for (const post of posts) expect(post.comments.edges).toEqual([{ node: { text: `on ${post.title}` } }]);
    expect(counter.log.filter((call) => call === 'findGrouped Comment')).toHaveLength(2);
  });

  test(`MAX_PROBE_BATCH: asking about ${MAX_PROBE_BATCH + 1} values of one semi-join takes two queries, and every answer is right`, async () => {
    expect(MAX_PROBE_BATCH).toBe(500);
    const { app, store } = server;
    const posts = await store.find(app.models.get('Post')!.collection, {
      filter: {},
      sort: [{ field: '_id', direction: 1 }],
      limit: MAX_PROBE_BATCH + 1,
    });
    expect(posts).toHaveLength(MAX_PROBE_BATCH + 1);
    const probe = semiJoinProbe(store);
    const join = { collection: app.models.get('Comment')!.collection, field: 'post', filter: {} };
    counter.reset();
    const answers = await Promise.all(
      [...posts.map((post) => post._id), 'no-such-post'].map((id) => probe.inSelect(join, id)),
    );
    expect(answers).toEqual([...posts.map(() => true), false]);
    expect(counter.log).toEqual([`find ${join.collection}`, `find ${join.collection}`]);
  });
});
