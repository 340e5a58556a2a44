import { createAdminToken } from '../../src/auth/adminTokens';
import { startTestServer, type TestServer } from '../support/startTestServer';

const CREATE = `mutation($input: CreatePostInput!) { createPost(input: $input) { changedPost { id title body published views } changedPostEdge { cursor node { id } } clientMutationId } }`;
const UPDATE = `mutation($input: UpdatePostInput!) { updatePost(input: $input) { changedPost { id title body views } } }`;

describe('objects: create, node/nodes, update, delete, unique (docs/api.md)', () => {
  let server: TestServer;
  let admin: string;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await createAdminToken(server.store, 'objects');
  });
  afterAll(() => server.stop());

  const posts = () => server.store.count(server.app.models.get('Post')!.collection, {});
  const create = async (input: Record<string, unknown>) => {
    const response = await server.request(CREATE, { input }, admin);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return response.data.createPost;
  };

  test('create applies @default, echoes clientMutationId and returns the edge', async () => {
    const payload = await create({ title: 'Hello', slug: 'hello', clientMutationId: 'abc' });
    expect(payload.changedPost).toMatchObject({ title: 'Hello', body: null, published: false, views: 0 });
    expect(payload.changedPostEdge.node.id).toBe(payload.changedPost.id);
    expect(typeof payload.changedPostEdge.cursor).toBe('string');
    expect(payload.clientMutationId).toBe('abc');
  });

  test('node, nodes and get<Type> find an object by its global id; unknown ids are null', async () => {
    const { changedPost } = await create({ title: 'Find me', slug: 'find-me' });
    const missing = Buffer.from('Post:0123456789abcdef01234567').toString('base64');
    const response = await server.request(
      `query($id: ID!, $ids: [ID!]!) {
      node(id: $id) { id ... on Post { title } }
      nodes(ids: $ids) { id }
      getPost(id: $id) { title }
    }`,
      { id: changedPost.id, ids: [changedPost.id, missing] },
      admin,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({
      node: { id: changedPost.id, title: 'Find me' },
      nodes: [{ id: changedPost.id }, null],
      getPost: { title: 'Find me' },
    });
  });

  test.each([
    ['not base64 at all', '%%%'],
    ['a well-formed id of another type', Buffer.from('Comment:0123456789abcdef01234567').toString('base64')],
    ['an unknown type', Buffer.from('Nope:0123456789abcdef01234567').toString('base64')],
    ['a bad stored id', Buffer.from('Post:../../etc').toString('base64')],
  ])('getPost with %s is BAD_USER_INPUT', async (_what, id) => {
    const response = await server.request(`query($id: ID!) { getPost(id: $id) { id } }`, { id }, admin);
    expect(response.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  test('update: absent fields stay, null clears, values set', async () => {
    const { changedPost } = await create({ title: 'Draft', slug: 'draft', body: 'some text', views: 3 });
    const renamed = await server.request(UPDATE, { input: { id: changedPost.id, title: 'Final' } }, admin);
    expect(renamed.data.updatePost.changedPost).toMatchObject({ title: 'Final', body: 'some text', views: 3 });
    const cleared = await server.request(UPDATE, { input: { id: changedPost.id, body: null } }, admin);
    expect(cleared.data.updatePost.changedPost).toMatchObject({ title: 'Final', body: null, views: 3 });
    const [stored] = await server.store.findByIds(server.app.models.get('Post')!.collection, [
      Buffer.from(changedPost.id, 'base64').toString().split(':')[1],
    ]);
    expect('body' in stored).toBe(false);
  });

  test('update: a required field cannot be cleared, and nothing changes', async () => {
    const { changedPost } = await create({ title: 'Keep', slug: 'keep' });
    const response = await server.request(UPDATE, { input: { id: changedPost.id, title: null } }, admin);
    expect(response.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(
      (await server.request(`query($id: ID!) { getPost(id: $id) { title } }`, { id: changedPost.id }, admin)).data
        .getPost.title,
    ).toBe('Keep');
  });

  test('update and delete of a missing id are NOT_FOUND', async () => {
    const missing = Buffer.from('Post:0123456789abcdef01234567').toString('base64');
    expect(
      (await server.request(UPDATE, { input: { id: missing, title: 'x' } }, admin)).errors![0].extensions?.code,
    ).toBe('NOT_FOUND');
    expect(
      (
        await server.request(
          `mutation($id: ID!) { deletePost(input: { id: $id }) { deletedId } }`,
          { id: missing },
          admin,
        )
      ).errors![0].extensions?.code,
    ).toBe('NOT_FOUND');
  });

  test('delete removes the object and returns its id', async () => {
    const { changedPost } = await create({ title: 'Bye', slug: 'bye' });
    const before = await posts();
    const response = await server.request(
      `mutation($id: ID!) { deletePost(input: { id: $id }) { deletedId changedPost { title } } }`,
      { id: changedPost.id },
      admin,
    );
    expect(response.data.deletePost).toEqual({ deletedId: changedPost.id, changedPost: { title: 'Bye' } });
    expect(await posts()).toBe(before - 1);
    expect(
      (await server.request(`query($id: ID!) { node(id: $id) { id } }`, { id: changedPost.id }, admin)).data.node,
    ).toBeNull();
  });

  test('a taken unique value is CONFLICT on create and update, and writes nothing', async () => {
    await create({ title: 'One', slug: 'taken' });
    const { changedPost: other } = await create({ title: 'Two', slug: 'free' });
    const before = await posts();
    const duplicate = await server.request(CREATE, { input: { title: 'Three', slug: 'taken' } }, admin);
    expect(duplicate.errors![0].extensions).toMatchObject({ code: 'CONFLICT', fields: ['slug'] });
    expect(duplicate.data.createPost).toBeNull();
    expect(await posts()).toBe(before);
    const moved = await server.request(UPDATE, { input: { id: other.id, slug: 'taken', title: 'Renamed' } }, admin);
    expect(moved.errors![0].extensions?.code).toBe('CONFLICT');
    expect(
      (await server.request(`query($id: ID!) { getPost(id: $id) { title } }`, { id: other.id }, admin)).data.getPost
        .title,
    ).toBe('Two');
  });

  test('an unknown input field is a validation error and writes nothing', async () => {
    const before = await posts();
    const response = await server.request(CREATE, { input: { title: 'x', slug: 'x', nope: 1 } }, admin);
    expect(response.status).toBe(400);
    expect(response.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await posts()).toBe(before);
  });
});
