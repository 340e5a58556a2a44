import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { DEFAULT_IMPORT_BATCH } from '../src/cli/importObjects';
import { openStore } from '../src/store/openStore';

/**
 * `npx tsx bench/import.ts [--items=100000] [--batch=5000]`: writes an ndjson file of posts
 * for the example app and times `npm run import` on it as an operator runs it (its own
 * process, a fresh DATA_DIR), then checks that every object arrived. Goal: at least 20,000
 * objects/s on the embedded SQLite store.
 */
const options = Object.fromEntries(
  process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]),
);
const ITEMS = Number(options.items ?? 100_000);
const BATCH = Number(options.batch ?? DEFAULT_IMPORT_BATCH);
const ROOT = join(__dirname, '..');

async function writeItems(file: string): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 0; i < ITEMS; i += 1) {
    const line = `${JSON.stringify({ title: `Post number ${i}`, slug: `post-${i}`, body: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit.', published: i % 2 === 0, views: i })}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'graphkeep-bench-import-'));
  try {
    const file = join(dir, 'posts.ndjson');
    await writeItems(file);
    const dataDir = join(dir, 'data');
    const started = process.hrtime.bigint();
    const stdout = execFileSync(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'src', 'cli', 'import.ts'), 'Post', file, `--batch=${BATCH}`],
      {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
      },
    );
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    const store = await openStore({ dataDir });
    const stored = await store.count('Post', {});
    await store.close();
    if (stored !== ITEMS) throw new Error(`expected ${ITEMS} posts, found ${stored}`);
    console.log(
      `import bench: ${cpus().length} cores, Node ${process.version}, ${ITEMS} posts (${(statSync(file).size / 1e6).toFixed(1)} MB ndjson), batch ${BATCH}`,
    );
    console.log(`  command said: ${stdout.trim()}`);
    console.log(
      `  process wall time ${wall.toFixed(2)} s (start-up included): ${Math.round(ITEMS / wall).toLocaleString('en-US')} objects/s`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
