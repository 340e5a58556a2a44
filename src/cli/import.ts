import { readFileSync, statSync } from 'node:fs';
import { collectionSpecs } from '../appModel/collectionSpecs';
import { loadAppModel } from '../appModel/loadAppModel';
import { loadConfig } from '../config/loadConfig';
import { openStore } from '../store/openStore';
import { defineCommand, runAsProcess, USAGE_EXIT, type CommandIo, type Parsed } from './command';
import { DEFAULT_IMPORT_BATCH, importObjects } from './importObjects';
import { PROGRESS_INTERVAL_MS, progressLine, summaryLine } from './importProgress';
import { readItems } from './readItems';

const USAGE = `usage: npm run import -- <Type> <file.ndjson|file.jsonl|file.json> [--skip N] [--batch N]
  each item is a Create<Type>Input; --skip N passes over the first N items (to resume a stopped run)`;

const OPTIONS = { skip: { type: 'string' }, batch: { type: 'string' } } as const;

/** `npm run import`: bulk-loads objects into the same store the server uses, with an operator's rights. */
export const run = defineCommand({
  name: 'import',
  usage: USAGE,
  options: OPTIONS,
  positionals: true,
  run: importFile,
});

async function importFile(
  { values, positionals }: Parsed<typeof OPTIONS>,
  { env, stdout, stderr }: CommandIo,
): Promise<number> {
  const [type, file] = positionals;
  const skip = Number(values.skip ?? 0);
  const batchSize = Number(values.batch ?? DEFAULT_IMPORT_BATCH);
  if (
    !type ||
    !file ||
    positionals.length > 2 ||
    !Number.isInteger(skip) ||
    skip < 0 ||
    !Number.isInteger(batchSize) ||
    batchSize < 1
  ) {
    stderr.write(`${USAGE}\n`);
    return USAGE_EXIT;
  }
  const config = loadConfig(env);
  const app = loadAppModel(readFileSync(config.SCHEMA_FILE, 'utf8'), config.SCHEMA_FILE);
  const size = statSync(file).size;
  const reader = readItems(file);
  const store = await openStore({ mongodbUri: config.MONGODB_URI, dataDir: config.DATA_DIR });
  const started = process.hrtime.bigint();
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
  const terminal = stderr.isTTY === true;
  let drawn = 0;
  try {
    await store.ensureCollections(collectionSpecs(app));
    const result = await importObjects({
      app,
      store,
      type,
      items: reader.items,
      skip,
      batchSize,
      onWritten(written) {
        if (!terminal || Date.now() - drawn < PROGRESS_INTERVAL_MS) return;
        drawn = Date.now();
        stderr.write(
          `\r${progressLine({ written, seconds: seconds(), fraction: size > 0 ? reader.bytesRead() / size : 1 })}`,
        );
      },
    });
    if (terminal) stderr.write('\r\x1b[K');
    stdout.write(`${summaryLine(type, result.written, result.skipped, seconds())}\n`);
    if (result.failure) {
      const done = skip + result.written;
      stderr.write(
        `stopped at ${result.failure.where}: ${result.failure.reason}\n` +
          `${done} items before it are written (${result.written} in this run); fix it and resume with --skip ${done}\n`,
      );
      return 1;
    }
    return 0;
  } finally {
    await store.close();
  }
}

if (require.main === module) runAsProcess(run);
