import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/runCli';

const RELAY_COMPILER = join(__dirname, '..', '..', 'node_modules', 'relay-compiler', 'cli.js');

/**
 * `npm run schema -- print` is what a Relay app compiles against: relay-compiler itself
 * accepts it, with the features that depend on our conventions (`@refetchable` needs `Node`
 * and `node(id:)`; `@connection`, `@appendEdge` and `@deleteEdge` need Relay connections).
 */
describe('relay-compiler on the printed API', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'graphkeep-relay-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('compiles queries, fragments, connections and mutations of the example app', async () => {
    const printed = await runCli('schema.ts', ['print'], {});
    expect(printed.code).toBe(0);
    writeFileSync(join(dir, 'schema.graphql'), printed.stdout);
    mkdirSync(join(dir, 'src', '__generated__'), { recursive: true });
    copyFileSync(join(__dirname, 'relayApp', 'Posts.ts.txt'), join(dir, 'src', 'Posts.ts'));
    writeFileSync(
      join(dir, 'relay.config.json'),
      JSON.stringify({
        src: './src',
        schema: './schema.graphql',
        language: 'typescript',
        artifactDirectory: './src/__generated__',
      }),
    );

    const result = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile(process.execPath, [RELAY_COMPILER], { cwd: dir }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
      );
    });
    expect([result.code, result.output]).toEqual([0, expect.stringContaining('Compilation completed')]);
    expect(readdirSync(join(dir, 'src', '__generated__')).sort()).toEqual([
      'PostRefetchQuery.graphql.ts',
      'PostsCreateMutation.graphql.ts',
      'PostsDeleteMutation.graphql.ts',
      'PostsQuery.graphql.ts',
      'Posts_post.graphql.ts',
    ]);
  }, 60_000);
});
