import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAdminToken } from '../../src/auth/adminTokens';
import { runCli, spawnCli } from '../support/runCli';
import { startTestServer, type TestServer } from '../support/startTestServer';

/** `npm run import` as an operator runs it, beside a running server on the same DATA_DIR. */
describe('npm run import', () => {
  let server: TestServer;
  let admin: string;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await createAdminToken(server.store, 'import-test');
  });
  afterAll(() => server.stop());

  const importFile = (args: string[]) => runCli('import.ts', args, { DATA_DIR: server.dataDir });
  const count = async (where = '{}') =>
    (await server.request(`{ allPosts(where: ${where}) { totalCount } }`, undefined, admin)).data.allPosts
      .totalCount as number;
  const write = (name: string, lines: string[]) => {
    const file = join(server.dataDir, name);
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };
  const post = (prefix: string, i: number, extra: Record<string, unknown> = {}) =>
    JSON.stringify({ title: `${prefix} ${i}`, slug: `${prefix}-${i}`, views: i, ...extra });

  test('an ndjson file in several batches; every object is there, through the API', async () => {
    const file = write(
      'posts.ndjson',
      Array.from({ length: 2_500 }, (_, i) => post('bulk', i)),
    );
    const result = await spawnCli('import.ts', ['Post', file, '--batch', '1000'], { DATA_DIR: server.dataDir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^imported 2,500 Post objects in \d+\.\ds \([\d,]+\/s\)\n$/);
    expect(await count('{ title: { startsWith: "bulk " } }')).toBe(2_500);
    const last = await server.request(
      '{ allPosts(where: { slug: { eq: "bulk-2499" } }) { edges { node { title slug views published } } } }',
      undefined,
      admin,
    );
    // @default values apply as in createPost.
    expect(last.data.allPosts.edges[0].node).toEqual({
      title: 'bulk 2499',
      slug: 'bulk-2499',
      views: 2499,
      published: false,
    });
  }, 60_000);

  test('stops at the first bad item with its line and what was written; --skip resumes there', async () => {
    const lines = Array.from({ length: 1_200 }, (_, i) => post('resume', i));
    lines[700] = post('resume', 700, { slug: 'resume-3' }); // taken by line 4, inside the same batch
    const file = write('resume.ndjson', lines);
    const stopped = await importFile(['Post', file, '--batch', '500']);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain('stopped at line 701: Post: slug is already taken');
    expect(stopped.stderr).toContain(
      '700 items before it are written (700 in this run); fix it and resume with --skip 700',
    );
    expect(await count('{ title: { startsWith: "resume " } }')).toBe(700);

    lines[700] = post('resume', 700);
    write('resume.ndjson', lines);
    const resumed = await importFile(['Post', file, '--skip', '700']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('imported 500 Post objects (after skipping 700)');
    expect(await count('{ title: { startsWith: "resume " } }')).toBe(1_200);
  }, 60_000);

  test.each([
    [
      'a wrong type',
      { title: 'x', slug: 'type-1', views: 'many' },
      'line 2: views: Int cannot represent non-integer value: "many"',
    ],
    [
      'a missing required field',
      { slug: 'type-2' },
      'line 2: Field "title" of required type "String!" was not provided.',
    ],
    [
      'an unknown field',
      { title: 'x', slug: 'type-3', colour: 'red' },
      'line 2: Field "colour" is not defined by type "CreatePostInput".',
    ],
  ])('an item with %s is named with its line, and the ones before it are written', async (name, bad, message) => {
    const before = await count();
    const file = write('typed.ndjson', [post(`typed ${name.length}`, 1), JSON.stringify(bad), post('never', 1)]);
    const result = await importFile(['Post', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`stopped at ${message}`);
    expect(await count()).toBe(before + 1);
  });

  test('a JSON array file; a bad item in it is named by its index', async () => {
    const items = Array.from({ length: 30 }, (_, i) => ({ title: `array ${i}`, slug: `array-${i}` }));
    const file = join(server.dataDir, 'posts.json');
    writeFileSync(file, JSON.stringify(items, null, 2));
    expect((await importFile(['Post', file])).code).toBe(0);
    expect(await count('{ title: { startsWith: "array " } }')).toBe(30);
    writeFileSync(
      file,
      JSON.stringify([
        { title: 'ok', slug: 'array-ok' },
        { title: 'dup', slug: 'array-0' },
      ]),
    );
    const stopped = await importFile(['Post', file]);
    expect(stopped.stderr).toContain('stopped at item 1: Post: slug is already taken');
  }, 60_000);

  test('usage, unknown types and file kinds are refused with a message', async () => {
    expect((await importFile(['Post'])).code).toBe(2);
    const unknown = await importFile(['Nope', write('x.ndjson', ['{}'])]);
    expect(unknown.stderr).toContain('Nope is not a type of this app');
    const user = await importFile(['User', write('u.ndjson', ['{}'])]);
    expect(user.stderr).toContain('users are created with createManyUsers');
    const csv = await importFile(['Post', write('posts.csv', ['a,b'])]);
    expect(csv.stderr).toContain('the file must end in .ndjson, .jsonl or .json');
  }, 60_000);
});
