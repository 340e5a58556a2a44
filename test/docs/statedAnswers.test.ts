import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { pngBytes, uploadRequest } from '../support/uploads';
import { signUp, type TestUser } from '../support/users';

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const JSON_HEADERS = { 'content-type': 'application/json' };

const SCHEMA = `
  type Post @model {
    title: String!
    cover: File @upload(accept: ["image/png"], maxSize: "4KB")
    author: User @relation(name: "PostAuthor")
  }
  extend type User { posts: [Post!]! @relation(name: "PostAuthor") }
`;

/** What docs/errors.md, docs/limits.md and docs/production.md say the server answers, asked of the server. */
describe('the answers the docs state', () => {
  let server: TestServer;
  let ada: TestUser;
  beforeAll(async () => {
    server = await startTestServer({ schema: SCHEMA, env: { MAX_BODY_BYTES: '2048' } });
    ada = await signUp(server, 'ada');
  });
  afterAll(() => server.stop());

  test('docs/errors.md: a wrong password is HTTP 200 with UNAUTHENTICATED in errors and a null payload', async () => {
    expect(read('docs/errors.md')).toMatch(/\| `UNAUTHENTICATED` \| 200 \| `loginUser` with a wrong name or password/);
    const answer = await server.request(
      'mutation { loginUser(input: { username: "ada", password: "not the password" }) { token } }',
    );
    expect(answer).toMatchObject({ status: 200, data: { loginUser: null } });
    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  test('docs/errors.md: a token that fails a check is HTTP 401 UNAUTHENTICATED', async () => {
    expect(read('docs/errors.md')).toMatch(/\| `UNAUTHENTICATED` \| 401 \| the `Authorization` header holds a token/);
    const answer = await server.request('{ viewer { user { id } } }', undefined, `${ada.token}x`);
    expect(answer.status).toBe(401);
    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  test('docs/limits.md: a body over MAX_BODY_BYTES is HTTP 413 naming the setting', async () => {
    expect(read('docs/limits.md')).toMatch(
      /\| request body \| 1 MiB \| `MAX_BODY_BYTES` \| HTTP 413, `BAD_USER_INPUT`, `limit`, `setting` \|/,
    );
    const response = await fetch(server.url, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ query: `{ viewer { user { id } } } # ${'x'.repeat(4096)}` }),
    });
    expect(response.status).toBe(413);
    const { errors } = (await response.json()) as { errors: { message: string; extensions: object }[] };
    expect(errors).toEqual([
      {
        message: expect.stringContaining('MAX_BODY_BYTES'),
        extensions: { code: 'BAD_USER_INPUT', limit: 2048, setting: 'MAX_BODY_BYTES' },
      },
    ]);
  });

  test('docs/limits.md: a page above 100 names MAX_PAGE_SIZE, says it is fixed and how to page on', async () => {
    expect(read('docs/limits.md')).toMatch(
      /\| page size \(`first`\/`last`\) \| 0–100;.*fixed.*the message names `MAX_PAGE_SIZE` \|/,
    );
    for (const [argument, onwards] of [
      ['first', 'after: pageInfo.endCursor'],
      ['last', 'before: pageInfo.startCursor'],
    ]) {
      const answer = await server.request(`{ allPosts(${argument}: 101) { totalCount } }`);
      expect(answer.status).toBe(200);
      expect(answer.errors).toEqual([
        expect.objectContaining({
          message: `${argument} must be between 0 and 100, got 101 (MAX_PAGE_SIZE, fixed): page on with ${onwards}`,
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', limit: 100 }),
        }),
      ]);
    }
  });

  test("docs/production.md: the embedded store's backup recipe keeps the database and the uploaded files", async () => {
    const created = await uploadRequest(
      server,
      'mutation($input: CreatePostInput!) { createPost(input: $input) { changedPost { id cover { id url } } } }',
      { input: { title: 'kept', authorId: ada.id } },
      [{ at: 'input.cover', bytes: pngBytes(1000), type: 'image/png', name: 'cover.png' }],
      { token: ada.token },
    );
    const post = created.data.createPost.changedPost;
    const production = read('docs/production.md');
    const section = production.slice(production.indexOf('**Embedded SQLite**'));
    const recipe = /```sh\n([\s\S]*?)```/.exec(section)![1];
    expect(recipe).toContain('data/files');

    // Run as the docs say, from the directory that holds DATA_DIR (`data`), while the server runs.
    const site = mkdtempSync(join(tmpdir(), 'graphkeep-backup-'));
    const restored = mkdtempSync(join(tmpdir(), 'graphkeep-restored-'));
    try {
      symlinkSync(server.dataDir, join(site, 'data'));
      await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', recipe], {
        cwd: site,
        env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
      });
      // The restore the docs describe: the database and files/ put in place under a new DATA_DIR.
      cpSync(join(site, 'backup', 'graphkeep.sqlite'), join(restored, 'graphkeep.sqlite'));
      cpSync(join(site, 'backup', 'files'), join(restored, 'files'), { recursive: true });
      const again = await startTestServer({ schema: SCHEMA, dataDir: restored });
      try {
        const answer = await again.request(
          `{ node(id: "${post.id}") { ... on Post { title cover { id } } } }`,
          {},
          ada.token,
        );
        expect(answer.data.node).toEqual({ title: 'kept', cover: { id: post.cover.id } });
        const download = await fetch(new URL(post.cover.url, again.url), {
          headers: { authorization: `Bearer ${ada.token}` },
        });
        expect(download.status).toBe(200);
        expect(new Uint8Array(await download.arrayBuffer())).toEqual(pngBytes(1000));
      } finally {
        await again.stop();
      }
    } finally {
      rmSync(site, { recursive: true, force: true });
      rmSync(restored, { recursive: true, force: true });
    }
  });
});
