import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAppModel } from '../../src/appModel/loadAppModel';
import { loadPolicy } from '../../src/permissions/loadPolicy';
import { uncoveredRules } from '../../src/ruleTools/ruleCoverage';
import { loadRuleTests } from '../../src/ruleTools/ruleTestFiles';
import { runRuleTests } from '../../src/ruleTools/runRuleTests';
import { runCli, spawnCli } from '../support/runCli';

const ROOT = join(__dirname, '..', '..');
const app = loadAppModel(readFileSync(join(ROOT, 'schema.graphql'), 'utf8'), 'schema.graphql');

/** The example app's `permissions/tests/`, run on every `npm test` (docs/rule-tests.md). */
describe('the example app states its rules as tests', () => {
  test('every case of permissions/tests/ passes, and every rule in permissions/ decides one', async () => {
    const policy = loadPolicy(app, join(ROOT, 'permissions'), 'open');
    const results = await runRuleTests(app, policy, loadRuleTests(join(ROOT, 'permissions', 'tests')));
    expect(results.length).toBeGreaterThanOrEqual(40);
    expect(
      results.filter((r) => !r.passed).map((r) => `${r.file} case ${r.index} ${r.name}: ${r.explanation.join(' / ')}`),
    ).toEqual([]);
    expect(uncoveredRules(policy, results)).toEqual([]);
  });

  describe('a broken copy of a rules file fails them', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'graphkeep-broken-rules-'));
      cpSync(join(ROOT, 'permissions'), dir, { recursive: true });
      // The slip the tests exist for: "signed in" where "the author" was meant.
      const rules = JSON.parse(readFileSync(join(dir, 'Post.json'), 'utf8')) as Record<string, unknown>[];
      rules[1] = { scope: 'AUTHENTICATED', read: true, create: true, update: true, delete: true };
      writeFileSync(join(dir, 'Post.json'), JSON.stringify(rules));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test('npm run permissions -- test exits 1 and names the case and the rule that let it through', async () => {
      const result = await spawnCli('permissions.ts', ['test'], { PERMISSIONS_DIR: dir });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(
        `FAIL ${join(dir, 'tests', 'posts.json')} case 8 "a reader cannot edit the post": expected deny, got allow`,
      );
      expect(result.stdout).toContain('Post.title: granted by rule 1 (AUTHENTICATED)');
      expect(result.stdout).toMatch(/\d+ cases, \d+ passed, [1-9]\d* failed/);
    }, 60_000);

    test('the unbroken rules pass through the same command', async () => {
      const result = await runCli('permissions.ts', ['test'], {});
      expect(result.stdout).toMatch(/cases, \d+ passed, 0 failed/);
      expect(result.code).toBe(0);
    }, 60_000);
  });
});
