import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/loadConfig';
import { startGraphkeep } from '../../src/server/startGraphkeep';
import { runCli } from '../support/runCli';

const BEFORE = `
  type Note @model { title: String  views: Int  owner: User @relation(name: "NoteOwner") }
  extend type User { notes: [Note!]! @relation(name: "NoteOwner") }
`;
const WITHOUT_VIEWS = BEFORE.replace('  views: Int', '');
const WITHOUT_OWNER = `type Note @model { title: String  views: Int }`;

/**
 * docs/schema-changes.md: `npm run schema -- check` runs the start's own validation, so a
 * schema change that the rules files no longer fit fails the check exactly as it stops the start.
 */
describe('schema check and the start judge schema and rules together', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'graphkeep-check-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function write(schema: string, rules: Record<string, unknown>) {
    const rulesDir = join(dir, 'permissions');
    mkdirSync(rulesDir, { recursive: true });
    for (const [type, content] of Object.entries(rules))
      writeFileSync(join(rulesDir, `${type}.json`), JSON.stringify(content));
    writeFileSync(join(dir, 'schema.graphql'), schema);
    return { DATA_DIR: dir, SCHEMA_FILE: join(dir, 'schema.graphql'), PERMISSIONS_DIR: rulesDir };
  }

  test.each([
    [
      'a field a field rule names',
      WITHOUT_VIEWS,
      { Note: [{ scope: 'EVERYONE', read: true, fields: ['title', 'views'] }] },
      /Note\.json rule 0: Note has no field views/,
    ],
    [
      "a relation a RELATION rule's userFields path takes",
      WITHOUT_OWNER,
      { Note: [{ scope: 'RELATION', userFields: ['owner'], read: true }] },
      /Note\.json rule 0: user field "owner": Note\.owner is not a relation/,
    ],
  ])(
    'removing %s fails the check and stops the start, with the same message',
    async (_what, schema, rules, reason) => {
      const env = write(BEFORE, rules);
      expect((await runCli('schema.ts', ['check'], env)).code).toBe(0);

      write(schema, rules);
      const checked = await runCli('schema.ts', ['check'], env);
      expect(checked.code).toBe(1);
      expect(checked.stderr).toMatch(reason);
      const config = loadConfig({
        ...env,
        PORT: '0',
        LOG_LEVEL: 'silent',
        NODE_ENV: 'test',
        JWT_SECRET: 'x'.repeat(48),
      });
      await expect(startGraphkeep(config)).rejects.toThrow(reason);
    },
    60_000,
  );
});
