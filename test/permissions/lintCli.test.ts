import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/runCli';

const ROOT = join(__dirname, '..', '..');

/** `npm run permissions -- lint` as CI runs it: warnings name file, rule and fix; `--strict` fails the build. */
describe('permissions lint', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'graphkeep-lint-'));
    cpSync(join(ROOT, 'permissions'), dir, { recursive: true });
    writeFileSync(
      join(dir, 'Comment.json'),
      JSON.stringify([
        { scope: 'EVERYONE', read: true, delete: true },
        { scope: 'ROLE', roles: ['Moderators'], delete: true },
      ]),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the example app has no warnings, even with --strict', async () => {
    const result = await runCli('permissions.ts', ['lint', '--strict'], {});
    expect(result.stdout).toContain('no warnings');
    expect(result.code).toBe(0);
  }, 60_000);

  test('warnings are printed and exit 0 without --strict', async () => {
    const result = await runCli('permissions.ts', ['lint'], { PERMISSIONS_DIR: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `${join(dir, 'Comment.json')} rule 0 (EVERYONE) [write-to-everyone]: anyone, without a token, may delete Comment objects. Fix: grant delete to AUTHENTICATED, a ROLE or a RELATION instead.`,
    );
    expect(result.stdout).toContain(
      `${join(dir, 'Comment.json')} rule 1 (ROLE Moderators) [unknown-role]: no seed creates the role Moderators`,
    );
    expect(result.stdout).toContain(
      `${join(dir, 'Comment.json')} rule 1 (ROLE Moderators) [shadowed]: grants nothing that rule 0 (EVERYONE) does not already grant`,
    );
    expect(result.stdout).toMatch(/^3 warnings$/m);
  }, 60_000);

  test('--strict exits 1 on any warning; --secret-fields adds names to look for', async () => {
    expect((await runCli('permissions.ts', ['lint', '--strict'], { PERMISSIONS_DIR: dir })).code).toBe(1);
    const result = await runCli('permissions.ts', ['lint', '--secret-fields', 'text'], { PERMISSIONS_DIR: dir });
    expect(result.stdout).toContain('[secret-readable]: Comment.text looks secret and is readable by EVERYONE');
  }, 60_000);
});
