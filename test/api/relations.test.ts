import { createAdminToken } from '../../src/auth/adminTokens';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, type TestUser } from '../support/users';

describe('relations: to-one, one-to-many and many-to-many (docs/schema.md, docs/api.md)', () => {
  let server: TestServer;
  let admin: string;
  let writer: TestUser;
  let postId: string;
  const tagIds: Record<string, string> = {};

  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await server.request(query, variables, admin);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data;
  };

  beforeAll(async () => {
    server = await startTestServer();
    admin = await createAdminToken(server.store, 'relations');
    writer = await signUp(server, 'writer');
    const post = await gql(
      `mutation($a: ID!) { createPost(input: { title: "Linked", slug: "linked", authorId: $a }) { changedPost { id } } }`,
      { a: writer.id },
    );
    postId = post.createPost.changedPost.id;
    for (const name of ['red', 'green', 'blue']) {
      tagIds[name] = (
        await gql(`mutation($n: String!) { createTag(input: { name: $n }) { changedTag { id } } }`, { n: name })
      ).createTag.changedTag.id;
    }
  });
  afterAll(() => server.stop());

  test('to-one: <field>Id sets the reference; the field resolves to the object', async () => {
    const data = await gql(`query($id: ID!) { getPost(id: $id) { author { id username } } }`, { id: postId });
    expect(data.getPost.author).toEqual({ id: writer.id, username: 'writer' });
  });

  test('to-one: where on the referenced global id', async () => {
    const data = await gql(`query($a: ID!) { allPosts(where: { author: { eq: $a } }) { totalCount } }`, {
      a: writer.id,
    });
    expect(data.allPosts.totalCount).toBe(1);
  });

  test('to-one: setting it to null clears it; a missing target is NOT_FOUND', async () => {
    const missing = Buffer.from('User:0123456789abcdef01234567').toString('base64');
    const refused = await server.request(
      `mutation($id: ID!, $a: ID!) { updatePost(input: { id: $id, authorId: $a }) { changedPost { id } } }`,
      { id: postId, a: missing },
      admin,
    );
    expect(refused.errors![0].extensions?.code).toBe('NOT_FOUND');
    expect(
      (await gql(`query($id: ID!) { getPost(id: $id) { author { username } } }`, { id: postId })).getPost.author
        .username,
    ).toBe('writer');
  });

  test('one-to-many: the list side is a connection of the objects that reference it', async () => {
    for (const text of ['first', 'second', 'third']) {
      await gql(
        `mutation($p: ID!, $t: String!) { createComment(input: { text: $t, postId: $p }) { changedComment { id } } }`,
        { p: postId, t: text },
      );
    }
    const data = await gql(
      `query($id: ID!) { getPost(id: $id) { comments(first: 2) { totalCount edges { node { text post { id } } } pageInfo { hasNextPage } } } }`,
      { id: postId },
    );
    expect(data.getPost.comments.totalCount).toBe(3);
    expect(data.getPost.comments.edges.map((e: { node: { text: string } }) => e.node.text)).toEqual([
      'first',
      'second',
    ]);
    expect(data.getPost.comments.edges[0].node.post.id).toBe(postId);
    expect(data.getPost.comments.pageInfo.hasNextPage).toBe(true);
    const mine = await gql(`query($id: ID!) { getUser(id: $id) { posts { edges { node { title } } } } }`, {
      id: writer.id,
    });
    expect(mine.getUser.posts.edges).toEqual([{ node: { title: 'Linked' } }]);
  });

  test('many-to-many: add, list from both ends, remove', async () => {
    const add = `mutation($p: ID!, $t: ID!) { addToPostTagsConnection(input: { postId: $p, tagId: $t }) { changedPostTags { post { title } tag { name } } } }`;
    const added = await gql(add, { p: postId, t: tagIds.red });
    expect(added.addToPostTagsConnection.changedPostTags).toEqual({ post: { title: 'Linked' }, tag: { name: 'red' } });
    await gql(add, { p: postId, t: tagIds.blue });
    const again = await server.request(add, { p: postId, t: tagIds.red }, admin);
    expect(again.errors![0].extensions?.code).toBe('CONFLICT');
    const tags = await gql(`query($id: ID!) { getPost(id: $id) { tags { totalCount edges { node { name } } } } }`, {
      id: postId,
    });
    expect(tags.getPost.tags.totalCount).toBe(2);
    expect(tags.getPost.tags.edges.map((e: { node: { name: string } }) => e.node.name).sort()).toEqual(['blue', 'red']);
    const posts = await gql(`query($id: ID!) { getTag(id: $id) { posts { edges { node { title } } } } }`, {
      id: tagIds.red,
    });
    expect(posts.getTag.posts.edges).toEqual([{ node: { title: 'Linked' } }]);
    await gql(
      `mutation($p: ID!, $t: ID!) { removeFromPostTagsConnection(input: { postId: $p, tagId: $t }) { changedPostTags { tag { name } } } }`,
      { p: postId, t: tagIds.red },
    );
    const left = await gql(`query($id: ID!) { getPost(id: $id) { tags { edges { node { name } } } } }`, { id: postId });
    expect(left.getPost.tags.edges).toEqual([{ node: { name: 'blue' } }]);
  });

  test('deleting an end removes its links in the same write', async () => {
    await gql(`mutation($id: ID!) { deleteTag(input: { id: $id }) { deletedId } }`, { id: tagIds.blue });
    const left = await gql(`query($id: ID!) { getPost(id: $id) { tags { totalCount } } }`, { id: postId });
    expect(left.getPost.tags.totalCount).toBe(0);
    const links = server.app.relations.get('PostTags')!;
    expect(links.kind === 'manyToMany' && (await server.store.count(links.collection, {}))).toBe(0);
  });
});
