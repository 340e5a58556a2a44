import { createAdminToken, revokeAdminToken } from '../../src/auth/adminTokens';
import { createSignedFileUrls } from '../../src/files/signedFileUrls';
import { createUrlViewers } from '../../src/server/urlViewers';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { pngBytes, uploadRequest } from '../support/uploads';
import { enroll, signUp, TEST_PASSWORD, type TestUser } from '../support/users';

const SCHEMA = `
  type Post @model {
    title: String!
    cover: File @upload(accept: ["image/png"], maxSize: "4KB")
    author: User @relation(name: "PostAuthor")
  }
  extend type User { posts: [Post!]! @relation(name: "PostAuthor") }
`;
const FILE_URL_SECRETS = 'file-url-key-that-is-not-the-jwt-secret-0000001';

/**
 * docs/files.md: a signed `File.url` is good only while the viewer it was issued to may read
 * the file. Revoking their access, a password change, deleting or replacing the file, or
 * revoking an admin token ends it before it expires; the key is `FILE_URL_SECRETS`.
 */
describe('signed file URLs end with the access they were issued for', () => {
  let server: TestServer;
  let admin: string;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    server = await startTestServer({
      schema: SCHEMA,
      env: { FILE_URL_SECRETS },
      permissions: {
        Post: [
          { scope: 'RELATION', userFields: ['author'], read: true, create: true, update: true, delete: true },
          { scope: 'ROLE', roles: ['Readers'], read: true },
        ],
      },
    });
    admin = await createAdminToken(server.store, 'setup');
    alice = await signUp(server, 'alice');
    bob = await signUp(server, 'bob');
  });
  afterAll(() => server.stop());

  const download = (url: string) => fetch(new URL(url, server.url));
  const coverQuery = `query($id: ID!) { getPost(id: $id) { cover { id url } } }`;
  async function postWithCover(token = alice.token, authorId = alice.id) {
    const created = await uploadRequest(
      server,
      `mutation($input: CreatePostInput!) { createPost(input: $input) { changedPost { id cover { id url } } } }`,
      { input: { title: 'p', authorId } },
      [{ at: 'input.cover', bytes: pngBytes(500), type: 'image/png', name: 'c.png' }],
      { token },
    );
    if (created.errors) throw new Error(JSON.stringify(created.errors));
    return created.data.createPost.changedPost as { id: string; cover: { id: string; url: string } };
  }
  const urlAs = async (postId: string, token: string) =>
    (await server.request(coverQuery, { id: postId }, token)).data.getPost.cover.url as string;

  test('leaving the role that granted read ends the URL', async () => {
    const post = await postWithCover();
    await enroll(server, admin, bob, 'Readers', 'readonly');
    const url = await urlAs(post.id, bob.token);
    expect(new URL(url, server.url).searchParams.get('viewer')).toMatch(/^user\./);
    expect((await download(url)).status).toBe(200);
    const roles = await server.request(
      `{ allRoles(where: { name: { eq: "Readers" } }) { edges { node { id } } } }`,
      {},
      admin,
    );
    const removed = await server.request(
      `mutation($input: RemoveFromUserRolesConnectionInput!) { removeFromUserRolesConnection(input: $input) { clientMutationId } }`,
      { input: { userId: bob.id, roleId: roles.data.allRoles.edges[0].node.id } },
      admin,
    );
    expect(removed.errors).toBeUndefined();
    expect((await download(url)).status).toBe(404);
  });

  test('an object that no longer leads to the viewer ends the URL', async () => {
    const post = await postWithCover();
    const url = await urlAs(post.id, alice.token);
    expect((await download(url)).status).toBe(200);
    await server.request(
      `mutation($id: ID!, $to: ID!) { updatePost(input: { id: $id, authorId: $to }) { clientMutationId } }`,
      { id: post.id, to: bob.id },
      admin,
    );
    expect((await download(url)).status).toBe(404);
  });

  test("a password change ends the user's URLs", async () => {
    const carol = await signUp(server, 'carol');
    const post = await postWithCover(carol.token, carol.id);
    expect((await download(post.cover.url)).status).toBe(200);
    const changed = await server.request(
      `mutation($id: ID!, $old: String!) { updateUserPassword(input: { id: $id, oldPassword: $old, newPassword: "another good password" }) { token } }`,
      { id: carol.id, old: TEST_PASSWORD },
      carol.token,
    );
    expect(changed.errors).toBeUndefined();
    const ended = await download(post.cover.url);
    expect(ended.status).toBe(403);
    expect(((await ended.json()) as { errors: { message: string }[] }).errors[0].message).toMatch(
      /ended by a sign-out or password change/,
    );
    expect((await download(await urlAs(post.id, changed.data.updateUserPassword.token))).status).toBe(200);
  });

  test('deleting the object or replacing the file ends the URL', async () => {
    const replaced = await postWithCover();
    await uploadRequest(
      server,
      `mutation($input: UpdatePostInput!) { updatePost(input: $input) { clientMutationId } }`,
      { input: { id: replaced.id } },
      [{ at: 'input.cover', bytes: pngBytes(600), type: 'image/png', name: 'd.png' }],
      { token: alice.token },
    );
    expect((await download(replaced.cover.url)).status).toBe(404);
    const deleted = await postWithCover();
    await server.request(
      `mutation($id: ID!) { deletePost(input: { id: $id }) { deletedId } }`,
      { id: deleted.id },
      alice.token,
    );
    expect((await download(deleted.cover.url)).status).toBe(404);
  });

  test('revoking an admin token ends its URLs', async () => {
    const post = await postWithCover();
    const temporary = await createAdminToken(server.store, 'temporary');
    const url = await urlAs(post.id, temporary);
    expect((await download(url)).status).toBe(200);
    await revokeAdminToken(server.store, 'temporary');
    expect((await download(url)).status).toBe(403);
  });

  test('URLs are signed with FILE_URL_SECRETS, not the JWT secret', async () => {
    const post = await postWithCover();
    const viewer = { kind: 'adminToken' as const, name: 'setup' };
    const sign = (secret: string) =>
      createSignedFileUrls({
        secrets: [secret],
        ttlSeconds: 60,
        nameOf: createUrlViewers(server.store, 'User').nameOf,
      }).urlFor(post.cover.id, viewer);
    expect((await download(sign(FILE_URL_SECRETS))).status).toBe(200);
    expect((await download(sign('test-secret-that-is-long-enough-for-hs256-000000'))).status).toBe(403);
  });

  test('the default lifetime is 15 minutes', async () => {
    const post = await postWithCover();
    const expires = Number(new URL(post.cover.url, server.url).searchParams.get('expires'));
    expect(expires - Date.now() / 1000).toBeGreaterThan(14 * 60);
    expect(expires - Date.now() / 1000).toBeLessThanOrEqual(15 * 60);
  });
});
