import { startTestServer, type TestServer } from '../support/startTestServer';
import { runCli } from '../support/runCli';
import { signUp, type TestUser } from '../support/users';

/** `npm run permissions -- explain|matrix` over the example app, against a running server's data. */
describe('permissions CLI', () => {
  let server: TestServer;
  let alice: TestUser;
  let postId: string;
  beforeAll(async () => {
    server = await startTestServer({ permissions: 'example' });
    alice = await signUp(server, 'alice');
    await signUp(server, 'bob');
    const created = await server.request(
      `mutation($a: ID!) { createPost(input: { title: "Mine", slug: "mine", authorId: $a }) { changedPost { id } } }`,
      { a: alice.id },
      alice.token,
    );
    if (created.errors) throw new Error(JSON.stringify(created.errors));
    postId = created.data.createPost.changedPost.id;
  });
  afterAll(() => server.stop());

  const explain = (user: string, op: string) =>
    runCli('permissions.ts', ['explain', '--user', user, '--type', 'Post', '--id', postId, '--op', op], {
      DATA_DIR: server.dataDir,
    });

  test('explains why the author may update her post and someone else may not', async () => {
    const [mine, theirs] = await Promise.all([explain('alice', 'update'), explain('bob', 'update')]);
    expect(mine.code).toBe(0);
    expect(mine.stdout).toMatch(/RELATION.*applies: author leads to alice/);
    expect(theirs.stdout).toMatch(/RELATION.*does not apply: author leads to bob is not true of this object/);
    expect(theirs.stdout).toMatch(/ROLE.*does not apply: not a member of Editors/);
  }, 60_000);

  test('matrix prints type × operation × scope', async () => {
    const result = await runCli('permissions.ts', ['matrix'], { DATA_DIR: server.dataDir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Post\tEVERYONE\+ROLE\+RELATION \(some fields\)\t/m);
    expect(result.stdout).toMatch(/^Tag\tEVERYONE\tROLE\t/m);
  }, 60_000);

  test('matrix --html prints one static page that names fields and roles', async () => {
    const result = await runCli('permissions.ts', ['matrix', '--html'], { DATA_DIR: server.dataDir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^<!doctype html>/);
    expect(result.stdout).not.toMatch(/<script|<link|src=/);
    expect(result.stdout).toContain(
      '<span class="scope">ROLE Editors</span> <span class="fields">(all fields; rule 2)</span>',
    );
    expect(result.stdout).toContain(
      '<span class="scope">EVERYONE</span> <span class="fields">(title, slug, body, published, author, comments, tags, createdAt, modifiedAt; rule 0)</span>',
    );
    expect(result.stdout).toContain('<span class="scope">RELATION via post.author</span>');
  }, 60_000);

  test('a usage error exits 2', async () => {
    expect((await runCli('permissions.ts', ['explain', '--type', 'Post'], { DATA_DIR: server.dataDir })).code).toBe(2);
  }, 60_000);
});
