import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdminToken } from '../../src/auth/adminTokens';
import { loadConfig } from '../../src/config/loadConfig';
import { startGraphkeep } from '../../src/server/startGraphkeep';
import { IndexBuildRefused } from '../../src/store/IndexBuildRefused';
import { openStore } from '../../src/store/openStore';
import { runCli, spawnCli } from '../support/runCli';
import { startTestServer } from '../support/startTestServer';

const V1 = `type Note @model {\n  title: String!\n  code: String\n  views: Int\n}\ntype Draft @model {\n  text: String\n}\n`;

/** A data directory holding three notes (two share code "a") and one draft, written under V1. */
async function dataWrittenUnderV1(): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'graphkeep-schema-'));
  const server = await startTestServer({ schema: V1, dataDir });
  try {
    const admin = await createAdminToken(server.store, 'setup');
    for (const [title, code] of [
      ['one', 'a'],
      ['two', 'a'],
      ['three', 'b'],
    ]) {
      const created = await server.request(
        `mutation($title: String!, $code: String) { createNote(input: { title: $title, code: $code, views: 5 }) { changedNote { id } } }`,
        { title, code },
        admin,
      );
      expect(created.errors).toBeUndefined();
    }
    expect(
      (await server.request(`mutation { createDraft(input: { text: "x" }) { changedDraft { id } } }`, {}, admin))
        .errors,
    ).toBeUndefined();
  } finally {
    await server.close();
  }
  return dataDir;
}

/** No rules files: these tests write and read as admins, so the types' defaults do not matter. */
function noRules(dataDir: string): string {
  const dir = join(dataDir, 'no-rules');
  mkdirSync(dir, { recursive: true });
  return dir;
}

function configFor(dataDir: string, schema: string) {
  const schemaFile = join(dataDir, 'next.graphql');
  writeFileSync(schemaFile, schema);
  return loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    SCHEMA_FILE: schemaFile,
    PERMISSIONS_DIR: noRules(dataDir),
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-000000',
  });
}

/** `npm run schema -- check` on that data with that schema. */
function check(dataDir: string, schema: string) {
  const schemaFile = join(dataDir, 'next.graphql');
  writeFileSync(schemaFile, schema);
  return runCli('schema.ts', ['check'], {
    DATA_DIR: dataDir,
    SCHEMA_FILE: schemaFile,
    PERMISSIONS_DIR: noRules(dataDir),
  });
}

describe('changing schema.graphql over stored data (embedded SQLite)', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await dataWrittenUnderV1();
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  test('a new @unique over duplicates stops the start with the field, the counts and the fix; check says the same', async () => {
    const v2 = V1.replace('code: String', 'code: String @unique');
    const refused = startGraphkeep(configFor(dataDir, v2));
    await expect(refused).rejects.toThrow(
      /Note\.code @unique is new, but 1 value is held by more than one object: 2 Note objects \(e\.g\. "a"\)/,
    );
    await expect(refused).rejects.toThrow(
      /fix: start without @unique on code, give those objects distinct values \(updateNote\)/,
    );
    await expect(refused).rejects.not.toThrow(/SqliteError|constraint|at /);
    const checked = await check(dataDir, v2);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain('cannot apply: Note.code @unique is new');
    expect(checked.stdout).toContain('the server would refuse to start');
  });

  test('npm start prints the refusal and exits 1, with no stack trace', async () => {
    const schemaFile = join(dataDir, 'next.graphql');
    writeFileSync(schemaFile, V1.replace('code: String', 'code: String @unique'));
    const main = await spawnCli('../main.ts', [], {
      DATA_DIR: dataDir,
      SCHEMA_FILE: schemaFile,
      PERMISSIONS_DIR: noRules(dataDir),
      PORT: '0',
    });
    expect(main.code).toBe(1);
    expect(main.stderr).toMatch(
      /^Graphkeep cannot start: schema\.graphql does not fit the stored data:\ncannot apply: Note\.code @unique is new/,
    );
    expect(main.stderr).not.toMatch(/\n\s+at |SqliteError/);
  });

  test('once the duplicates are gone the index is built and enforced', async () => {
    const server = await startTestServer({ schema: V1, dataDir });
    const admin = await createAdminToken(server.store, 'fix');
    const notes = await server.request(
      `{ allNotes(where: { code: { eq: "a" } }) { edges { node { id } } } }`,
      {},
      admin,
    );
    const id = notes.data.allNotes.edges[1].node.id;
    expect(
      (
        await server.request(
          `mutation($id: ID!) { updateNote(input: { id: $id, code: "c" }) { changedNote { code } } }`,
          { id },
          admin,
        )
      ).errors,
    ).toBeUndefined();
    await server.close();
    const v2 = V1.replace('code: String', 'code: String @unique');
    expect((await check(dataDir, v2)).stdout).toContain('fits the stored data');
    const unique = await startTestServer({ schema: v2, dataDir });
    try {
      const duplicate = await unique.request(
        `mutation { createNote(input: { title: "four", code: "b" }) { changedNote { id } } }`,
        {},
        await createAdminToken(unique.store, 'again'),
      );
      expect(duplicate.errors![0].extensions?.code).toBe('CONFLICT');
    } finally {
      await unique.close();
    }
  });

  test('a new required field without @default stops the start with the count; with @default old objects are filled in', async () => {
    const required = V1.replace('views: Int', 'views: Int\n  priority: Int!');
    await expect(startGraphkeep(configFor(dataDir, required))).rejects.toThrow(
      /Note\.priority is now required, but 3 Note objects have no value\.\n {2}fix: add @default\(value: \.\.\.\) to priority/,
    );
    const checked = await check(dataDir, required);
    expect([checked.code, checked.stdout]).toEqual([
      1,
      expect.stringContaining('cannot apply: Note.priority is now required, but 3 Note objects have no value'),
    ]);

    const withDefault = V1.replace('views: Int', 'views: Int\n  priority: Int! @default(value: 2)');
    expect((await check(dataDir, withDefault)).stdout).toContain(
      'will fill in: Note.priority is now required; 3 Note objects have no value and get the @default 2',
    );
    let logs = '';
    const server = await startTestServer({
      schema: withDefault,
      dataDir,
      logStream: {
        write: (line: string) => {
          logs += line;
        },
      },
    });
    try {
      expect(logs).toMatch(/"schemaChange":"Note.priority","count":3/);
      const notes = await server.request(`{ allNotes { edges { node { title priority } } } }`);
      expect(notes.data.allNotes.edges.map((edge: { node: { priority: number } }) => edge.node.priority)).toEqual([
        2, 2, 2,
      ]);
    } finally {
      await server.close();
    }
    expect((await check(dataDir, withDefault)).stdout).toContain('fits the stored data');
  });

  test('a removed field or type that holds data starts with a warning; putting it back serves the data again', async () => {
    const removed = V1.replace('  code: String\n', '').replace(/type Draft[\s\S]*$/, '');
    const checked = await check(dataDir, removed);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain(
      'warning: Note.code was removed from the schema, but 3 Note objects still hold a value',
    );
    expect(checked.stdout).toContain('warning: Draft type was removed from the schema, but 1 Draft object is stored');
    let logs = '';
    const server = await startTestServer({
      schema: removed,
      dataDir,
      logStream: {
        write: (line: string) => {
          logs += line;
        },
      },
    });
    await server.close();
    expect(logs).toMatch(/"schemaChange":"Note.code","count":3/);
    expect(logs).toMatch(/"schemaChange":"Draft","count":1/);

    const back = await startTestServer({ schema: V1, dataDir });
    try {
      const notes = await back.request(
        `{ allNotes(orderBy: [{ field: title }]) { edges { node { code } } } allDrafts { totalCount } }`,
      );
      expect(notes.data).toEqual({
        allNotes: { edges: [{ node: { code: 'a' } }, { node: { code: 'b' } }, { node: { code: 'a' } }] },
        allDrafts: { totalCount: 1 },
      });
    } finally {
      await back.close();
    }
  });

  test('a changed type over stored values stops the start; a widening (Int to Float) goes on quietly', async () => {
    const changed = V1.replace('code: String', 'code: Int');
    await expect(startGraphkeep(configFor(dataDir, changed))).rejects.toThrow(
      /Note\.code changed type from String to Int, but 3 Note objects hold a String value\.\n {2}fix: put back String/,
    );
    const widened = V1.replace('views: Int', 'views: Float');
    const checked = await check(dataDir, widened);
    expect([checked.code, checked.stdout.trim()]).toEqual([0, expect.stringMatching(/fits the stored data$/)]);
  });

  test('data from before schemas were recorded is still checked for duplicates, and the adapter refuses an index it cannot build', async () => {
    const store = await openStore({ dataDir });
    try {
      await store.deleteMany('_schema', {});
      const v2 = V1.replace('code: String', 'code: String @unique');
      await expect(startGraphkeep(configFor(dataDir, v2), { store })).rejects.toThrow(
        /Note\.code @unique is new, but 1 value is held by more than one object/,
      );
      const index = store.ensureCollections([{ name: 'Note', indexes: [{ fields: ['code'], unique: true }] }]);
      await expect(index).rejects.toBeInstanceOf(IndexBuildRefused);
      await expect(index).rejects.toThrow(
        'cannot build the unique index on Note(code): more than one object holds the same value. npm run schema -- check counts the objects and says the fix',
      );
    } finally {
      await store.close();
    }
  });
});
