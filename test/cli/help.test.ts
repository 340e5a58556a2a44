import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, spawnCli } from '../support/runCli';

const COMMANDS = [
  ['adminToken.ts', 'npm run admin-token'],
  ['seed.ts', 'npm run seed'],
  ['permissions.ts', 'npm run permissions'],
  ['import.ts', 'npm run import'],
  ['schema.ts', 'npm run --silent schema'],
] as const;

/** Every operator command answers `--help` without acting, and refuses what it does not know. */
describe('the commands’ command lines', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'graphkeep-help-'));
    // A store that does not exist yet: a command that acted would create it.
    env = {
      DATA_DIR: join(dir, 'data'),
      SEEDS_DIR: join(dir, 'seeds'),
      ADMIN_USERNAME: 'root',
      ADMIN_PASSWORD: 'x'.repeat(12),
    };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test.each(COMMANDS)('%s --help prints its usage, exits 0 and touches nothing', async (file, usage) => {
    for (const flag of ['--help', '-h']) {
      const result = await runCli(file, [flag], env);
      expect([flag, result.code, result.stderr]).toEqual([flag, 0, '']);
      expect(result.stdout).toMatch(/^usage:/);
      expect(result.stdout).toContain(usage);
      expect(existsSync(env.DATA_DIR)).toBe(false);
    }
  });

  test.each(COMMANDS)('%s refuses an unknown flag with its usage on stderr', async (file, usage) => {
    const result = await runCli(file, ['--frobnicate'], env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain("Unknown option '--frobnicate'");
    expect(result.stderr).toContain(usage);
    expect(existsSync(env.DATA_DIR)).toBe(false);
  });

  test('seed takes no words: a stray one is refused before anything is seeded', async () => {
    const result = await runCli('seed.ts', ['now'], env);
    expect([result.code, result.stdout]).toEqual([2, '']);
    expect(result.stderr).toMatch(/^seed: Unexpected argument 'now'/);
    expect(existsSync(env.DATA_DIR)).toBe(false);
  });

  test('a failure is one line naming the command, without a stack trace', async () => {
    const result = await runCli('seed.ts', [], { ...env, SCHEMA_FILE: join(dir, 'missing.graphql') });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^seed: ENOENT: no such file or directory, open '.*missing\.graphql'\n$/);
  });

  test('the process wrapper carries the refusal: exit 2, the usage on stderr, nothing on stdout', async () => {
    const result = await spawnCli('seed.ts', ['--frobnicate'], env);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('usage: npm run seed');
    expect(existsSync(env.DATA_DIR)).toBe(false);
  });
});
