import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { createAdminToken } from '../../src/auth/adminTokens';
import { createUrlViewers } from '../../src/server/urlViewers';
import { createSignedFileUrls } from '../../src/files/signedFileUrls';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { jpegBytes, pngBytes, uploadRequest } from '../support/uploads';
import { signUp, type TestUser } from '../support/users';

/** A JSON error answer, as the download and upload endpoints send it. */
type ErrorBody = { errors: { message: string; extensions: { code: string } }[] };

const SCHEMA = `
  type Post @model {
    title: String!
    cover: File @upload(accept: ["image/png", "image/jpeg"], maxSize: "4KB")
    slug: String @unique
    author: User @relation(name: "PostAuthor")
  }
  extend type User {
    posts: [Post!]! @relation(name: "PostAuthor")
    avatar: File @upload(accept: ["image/*"], maxSize: "2KB")
  }
`;
const COVER_LIMIT = 4 * 1024;
const JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-000000';

const CREATE = `mutation($input: CreatePostInput!) { createPost(input: $input) { changedPost { id cover { id name contentType size url } } } }`;
const UPDATE = `mutation($input: UpdatePostInput!) { updatePost(input: $input) { changedPost { cover { id size } } } }`;

/** docs/files.md over HTTP with real multipart requests, sent as a browser's FormData would be. */
describe('files: upload, download, replace, delete', () => {
  let server: TestServer;
  let alice: TestUser;
  let bob: TestUser;
  let admin: string;

  beforeAll(async () => {
    server = await startTestServer({
      schema: SCHEMA,
      permissions: {
        // Everyone sees a post's title; only its author sees (and so may download) its cover.
        Post: [
          { scope: 'EVERYONE', read: true, fields: ['title'] },
          { scope: 'RELATION', userFields: ['author'], read: true, create: true, update: true, delete: true },
        ],
      },
    });
    alice = await signUp(server, 'alice');
    bob = await signUp(server, 'bob');
    admin = await createAdminToken(server.store, 'files-test');
  });
  afterAll(() => server.stop());

  /** What is on disk under DATA_DIR/files, partial writes included. */
  const storedFiles = () => {
    try {
      return readdirSync(join(server.dataDir, 'files'));
    } catch {
      return [];
    }
  };
  const postCount = async () =>
    (await server.request('{ allPosts { totalCount } }', undefined, admin)).data.allPosts.totalCount as number;
  const filesUrl = (path: string) => new URL(path, server.url).toString();
  const download = (path: string, headers: Record<string, string> = {}) => fetch(filesUrl(path), { headers });
  const withCover = (bytes: Uint8Array, type = 'image/png', name = 'cover.png') => [
    { at: 'input.cover', bytes, type, name },
  ];
  const createPost = (
    title: string,
    bytes: Uint8Array,
    token = alice.token,
    type?: string,
    extra: Record<string, unknown> = {},
  ) =>
    uploadRequest(server, CREATE, { input: { title, authorId: alice.id, ...extra } }, withCover(bytes, type), {
      token,
    });

  test('an upload within the limit is stored and described; the author downloads exactly those bytes', async () => {
    const bytes = pngBytes(3000);
    const response = await createPost('with cover', bytes);
    expect(response.errors).toBeUndefined();
    const cover = response.data.createPost.changedPost.cover;
    expect(cover).toMatchObject({ name: 'cover.png', contentType: 'image/png', size: 3000 });
    expect(storedFiles()).toEqual([cover.id]);

    const plain = await download(`/files/${cover.id}`, { authorization: `Bearer ${alice.token}` });
    expect(plain.status).toBe(200);
    expect(Buffer.from(await plain.arrayBuffer())).toEqual(Buffer.from(bytes));
    expect(plain.headers.get('content-type')).toBe('image/png');
    expect(plain.headers.get('x-content-type-options')).toBe('nosniff');
    expect(plain.headers.get('content-disposition')).toBe('inline; filename=cover.png');
    expect(plain.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/);
    expect(plain.headers.get('accept-ranges')).toBe('bytes');
  });

  test("an upload over the field's maxSize is refused with the limit, and nothing is stored", async () => {
    const before = { posts: await postCount(), files: storedFiles() };
    const response = await createPost('too big', pngBytes(COVER_LIMIT + 1));
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: COVER_LIMIT });
    expect(await postCount()).toBe(before.posts);
    expect(storedFiles()).toEqual(before.files);
    // Far over the limit: the part is cut off while streaming, not read to its end into the store.
    const huge = await createPost('huge', pngBytes(3 * 1024 * 1024));
    expect(huge.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: COVER_LIMIT });
    expect(storedFiles()).toEqual(before.files);
    // Exactly at the limit is fine.
    const atLimit = await createPost('just fits', pngBytes(COVER_LIMIT));
    expect(atLimit.data.createPost.changedPost.cover.size).toBe(COVER_LIMIT);
  });

  test.each([
    [
      'text declared as PNG',
      Buffer.from('this is not an image at all'),
      'image/png',
      "the file's bytes are not image/png",
    ],
    [
      'JPEG declared as PNG',
      jpegBytes(100),
      'image/png',
      "the file's bytes are image/jpeg, not the declared image/png",
    ],
    [
      'a PDF where only images go',
      Buffer.from('%PDF-1.7\n%…'),
      'application/pdf',
      'application/pdf is not accepted here',
    ],
  ])('%s is refused from its bytes, and nothing is stored', async (_name, bytes, type, reason) => {
    const before = { posts: await postCount(), files: storedFiles() };
    const response = await createPost('mislabelled', bytes, alice.token, type);
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).toContain(reason);
    expect(await postCount()).toBe(before.posts);
    expect(storedFiles()).toEqual(before.files);
  });

  test('a mutation that fails after its upload was stored leaves no file behind', async () => {
    const before = storedFiles();
    // Bob may create posts only as their author: the file is stored, then the rules refuse one without.
    const forged = await createPost('authorless', pngBytes(500), bob.token, 'image/png', { authorId: undefined });
    expect(forged.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // A unique slug that is taken: refused by the database after the file was written.
    await createPost('first', pngBytes(500), alice.token, 'image/png', { slug: 'taken' });
    const afterFirst = storedFiles();
    const conflict = await createPost('second', pngBytes(500), alice.token, 'image/png', { slug: 'taken' });
    expect(conflict.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(storedFiles()).toEqual(afterFirst);
    expect(afterFirst).toHaveLength(before.length + 1);
  });

  test("download follows the field's read rules: the author yes, others no, a bad token 401", async () => {
    const { cover } = (await createPost('rules', pngBytes(800))).data.createPost.changedPost;
    const path = `/files/${cover.id}`;
    expect((await download(path, { authorization: `Bearer ${alice.token}` })).status).toBe(200);
    expect((await download(path, { authorization: `Bearer ${admin}` })).status).toBe(200);
    // Bob and anonymous see the post's title, not its cover.
    const asBob = await download(path, { authorization: `Bearer ${bob.token}` });
    expect(asBob.status).toBe(403);
    expect(((await asBob.json()) as ErrorBody).errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await download(path)).status).toBe(403);
    expect((await download(path, { authorization: 'Bearer not-a-token' })).status).toBe(401);
    expect(
      (
        await download('/files/Post.000000000000000000000000.cover.0000000000000000', {
          authorization: `Bearer ${admin}`,
        })
      ).status,
    ).toBe(404);
    expect((await download('/files/..%2F..%2Fetc%2Fpasswd', { authorization: `Bearer ${admin}` })).status).toBe(404);
    expect((await download('/files/%E0%A4%A', { authorization: `Bearer ${admin}` })).status).toBe(404);
  });

  test('the signed url works without a header until it expires; a changed one never does', async () => {
    const { cover } = (await createPost('signed', pngBytes(600))).data.createPost.changedPost;
    const fresh = await download(cover.url);
    expect(fresh.status).toBe(200);
    expect((await fresh.arrayBuffer()).byteLength).toBe(600);
    expect(fresh.headers.get('cross-origin-resource-policy')).toBe('cross-origin');

    const tampered = new URL(cover.url, server.url);
    tampered.searchParams.set('expires', String(Number(tampered.searchParams.get('expires')) + 3600));
    expect((await download(tampered.toString())).status).toBe(403);

    // A URL the server signed for the admin token an hour and a second ago, with a FILE_URL_TTL of 1h.
    const nameOf = createUrlViewers(server.store, 'User').nameOf;
    const viewer = { kind: 'adminToken' as const, name: 'files-test' };
    const signedAgo = (ms: number) =>
      createSignedFileUrls({ secrets: [JWT_SECRET], ttlSeconds: 3600, nameOf, now: () => Date.now() - ms });
    const expired = await download(signedAgo(3601_000).urlFor(cover.id, viewer));
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as ErrorBody).errors[0].message).toMatch(/expired/);
    // The same signature, still in its hour, is accepted.
    expect((await download(signedAgo(3599_000).urlFor(cover.id, viewer))).status).toBe(200);
  });

  test('range requests, conditional requests and HEAD', async () => {
    const bytes = pngBytes(1000);
    const { cover } = (await createPost('ranges', bytes)).data.createPost.changedPost;
    const auth = { authorization: `Bearer ${alice.token}` };
    const part = await download(`/files/${cover.id}`, { ...auth, range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 100-199/1000');
    expect(Buffer.from(await part.arrayBuffer())).toEqual(Buffer.from(bytes.subarray(100, 200)));
    const tail = await download(`/files/${cover.id}`, { ...auth, range: 'bytes=-10' });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(Buffer.from(bytes.subarray(990)));
    const outside = await download(`/files/${cover.id}`, { ...auth, range: 'bytes=5000-6000' });
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe('bytes */1000');

    const etag = part.headers.get('etag')!;
    expect((await download(`/files/${cover.id}`, { ...auth, 'if-none-match': etag })).status).toBe(304);
    const head = await fetch(filesUrl(`/files/${cover.id}`), { method: 'HEAD', headers: auth });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('1000');
  });

  test('replacing a file removes the old one; clearing and deleting remove theirs', async () => {
    const created = (await createPost('replace me', pngBytes(700))).data.createPost.changedPost;
    const old = created.cover.id as string;
    const auth = { authorization: `Bearer ${alice.token}` };
    const replaced = await uploadRequest(
      server,
      UPDATE,
      { input: { id: created.id } },
      withCover(jpegBytes(900), 'image/jpeg', 'new.jpg'),
      { token: alice.token },
    );
    expect(replaced.errors).toBeUndefined();
    const current = replaced.data.updatePost.changedPost.cover.id as string;
    expect(current).not.toBe(old);
    expect(storedFiles()).not.toContain(old);
    expect((await download(`/files/${old}`, auth)).status).toBe(404);
    expect((await download(`/files/${current}`, auth)).status).toBe(200);

    // A refused replacement (bob) keeps the current file and stores nothing new.
    const before = storedFiles();
    const refused = await uploadRequest(server, UPDATE, { input: { id: created.id } }, withCover(pngBytes(50)), {
      token: bob.token,
    });
    expect(refused.errors?.[0].extensions?.code).toMatch(/FORBIDDEN|NOT_FOUND/);
    expect(storedFiles()).toEqual(before);

    const cleared = await server.request(UPDATE, { input: { id: created.id, cover: null } }, alice.token);
    expect(cleared.data.updatePost.changedPost.cover).toBeNull();
    expect(storedFiles()).not.toContain(current);

    const other = (await createPost('delete me', pngBytes(300))).data.createPost.changedPost;
    expect(storedFiles()).toContain(other.cover.id);
    const deleted = await server.request(
      `mutation($id: ID!) { deletePost(input: { id: $id }) { deletedId } }`,
      { id: other.id },
      alice.token,
    );
    expect(deleted.errors).toBeUndefined();
    expect(storedFiles()).not.toContain(other.cover.id);
    expect((await download(`/files/${other.cover.id}`, auth)).status).toBe(404);
  });

  test('multipart requests need a preflight-forcing header (CSRF), and a map that fits', async () => {
    const before = storedFiles();
    const noHeader = await fetch(server.url, { method: 'POST', body: multipartForm() });
    expect(noHeader.status).toBe(400);
    expect(((await noHeader.json()) as ErrorBody).errors[0].message).toMatch(/apollo-require-preflight/);
    const badMap = multipartForm({ 0: ['variables.input.nowhere.cover'] });
    const mismatched = await fetch(server.url, {
      method: 'POST',
      body: badMap,
      headers: { 'x-apollo-operation-name': 'CreatePost' },
    });
    expect(mismatched.status).toBe(400);
    expect(storedFiles()).toEqual(before);
    // A File field given anything but an upload is a clear input error.
    const notAFile = await server.request(
      CREATE,
      { input: { title: 'x', authorId: alice.id, cover: 'data:image/png;base64,AAAA' } },
      alice.token,
    );
    expect(notAFile.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  test("Apollo Client's upload link (apollo-upload-client) uploads a File, as a browser app would", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      join(__dirname, '..', 'support', 'apolloUploadClient.mjs'),
      server.url,
      alice.token,
      alice.id,
    ]);
    const result = JSON.parse(stdout.trim());
    expect(result.error).toBeUndefined();
    const cover = result.data.createPost.changedPost.cover;
    expect(cover).toMatchObject({ name: 'from-apollo.png', contentType: 'image/png', size: 20 });
    const downloaded = await download(cover.url);
    expect(downloaded.status).toBe(200);
    expect((await downloaded.arrayBuffer()).byteLength).toBe(20);
  });

  test('sign-up takes an avatar; a refused sign-up (short password) keeps no file', async () => {
    const SIGN_UP = `mutation($input: CreateUserInput!) { createUser(input: $input) { token changedUser { avatar { name contentType size } } } }`;
    const avatar = [{ at: 'input.avatar', bytes: jpegBytes(1500), type: 'image/jpeg', name: 'me.jpg' }];
    const before = storedFiles();
    const refused = await uploadRequest(server, SIGN_UP, { input: { username: 'carol', password: 'short' } }, avatar);
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(storedFiles()).toEqual(before);
    const signedUp = await uploadRequest(
      server,
      SIGN_UP,
      { input: { username: 'carol', password: 'long enough password' } },
      avatar,
    );
    expect(signedUp.errors).toBeUndefined();
    expect(signedUp.data.createUser.changedUser.avatar).toEqual({
      name: 'me.jpg',
      contentType: 'image/jpeg',
      size: 1500,
    });
    expect(storedFiles()).toHaveLength(before.length + 1);
  });

  function multipartForm(map: Record<string, string[]> = { 0: ['variables.input.cover'] }): FormData {
    const form = new FormData();
    form.append(
      'operations',
      JSON.stringify({ query: CREATE, variables: { input: { title: 'csrf', authorId: alice.id, cover: null } } }),
    );
    form.append('map', JSON.stringify(map));
    form.append('0', new Blob([pngBytes(100)], { type: 'image/png' }), 'a.png');
    return form;
  }
});
