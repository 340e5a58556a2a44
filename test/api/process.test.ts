import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnServer } from '../support/spawnServer';

describe('the server process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'graphkeep-main-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test('starts on the embedded store, answers /healthz, and stops cleanly on SIGTERM', async () => {
    const main = spawnServer({ DATA_DIR: dataDir });
    const url = await main.listening;
    expect((await fetch(url.replace('/graphql', '/healthz'))).status).toBe(200);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ allPosts { totalCount } }' }),
    });
    expect(await response.json()).toEqual({ data: { allPosts: { totalCount: 0 } } });
    main.child.kill('SIGTERM');
    expect(await main.exited).toBe(0);
    expect(main.output().stdout).toContain('shutting down');
  }, 60_000);

  test('a bad configuration value stops start-up with a message naming the variable', async () => {
    const main = spawnServer({ DATA_DIR: dataDir, PORT: 'eighty' });
    expect(await main.exited).toBe(1);
    expect(main.output().stderr).toMatch(/Graphkeep cannot start: invalid configuration:\s+PORT:/);
  }, 60_000);

  test('a schema error stops start-up with the file, line and reason', async () => {
    const schemaFile = join(dataDir, 'broken.graphql');
    writeFileSync(
      schemaFile,
      'type Post @model {\n  title: String\n  author: Writer @relation(name: "PostAuthor")\n}\n',
    );
    const main = spawnServer({ DATA_DIR: dataDir, SCHEMA_FILE: schemaFile });
    expect(await main.exited).toBe(1);
    expect(main.output().stderr).toMatch(/broken\.graphql:3.*Writer/);
    expect(main.output().stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
