import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printSchema } from 'graphql';
import { loadAppModel } from '../appModel/loadAppModel';
import { buildApi } from '../server/buildApi';
import { checkStart } from '../server/checkStart';
import { loadConfig, type Config } from '../config/loadConfig';
import { createLogger } from '../server/createLogger';
import { loadPolicy } from '../permissions/loadPolicy';
import { formatFindings } from '../schemaChanges/assessChanges';
import { openStore } from '../store/openStore';
import { defineCommand, runAsProcess, USAGE_EXIT, type CommandIo } from './command';

const USAGE = `usage:
  npm run --silent schema -- print    the generated API as SDL (for relay-compiler, codegen)
  npm run schema -- check             compare schema.graphql with the stored data before a deploy`;

/**
 * `print` builds the API exactly as the server does, over a throw-away embedded store, so it
 * needs no database, no secret, and works where introspection is off. `check` runs the start's
 * own validation (`checkStart`: the schema, the rules against it, the stored data) and reports
 * what starting with this schema would do; exit 1 when it would refuse.
 */
export const run = defineCommand({ name: 'schema', usage: USAGE, options: {}, positionals: true, run: schema });

async function schema({ positionals }: { positionals: string[] }, { env, stdout, stderr }: CommandIo): Promise<number> {
  if (positionals.length !== 1 || !['print', 'check'].includes(positionals[0])) {
    stderr.write(`${USAGE}\n`);
    return USAGE_EXIT;
  }
  const config = loadConfig(env);
  const app = loadAppModel(readFileSync(config.SCHEMA_FILE, 'utf8'), config.SCHEMA_FILE);
  if (positionals[0] === 'print') {
    stdout.write(`${await printApi(config, app)}\n`);
    return 0;
  }
  const store = await openStore({ mongodbUri: config.MONGODB_URI, dataDir: config.DATA_DIR });
  try {
    const { findings, firstCheck } = (await checkStart(config, store)).schemaCheck;
    if (firstCheck)
      stdout.write(
        'no schema has been recorded for this data yet (the server records it at each start): checked unique and required fields only\n',
      );
    if (findings.length === 0) {
      stdout.write(`${config.SCHEMA_FILE} fits the stored data\n`);
      return 0;
    }
    stdout.write(`${formatFindings(findings)}\n`);
    const stops = findings.filter((finding) => finding.severity === 'stop').length;
    stdout.write(
      stops > 0
        ? `\nthe server would refuse to start: ${stops} change${stops === 1 ? '' : 's'} cannot be applied\n`
        : '\nthe server would start\n',
    );
    return stops > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}

async function printApi(config: Config, app: ReturnType<typeof loadAppModel>): Promise<string> {
  const scratch = mkdtempSync(join(tmpdir(), 'graphkeep-print-'));
  const scratchConfig: Config = {
    ...config,
    NODE_ENV: 'development',
    DATA_DIR: scratch,
    MONGODB_URI: undefined,
    JWT_SECRETS: undefined,
    JWT_SECRET: randomBytes(32).toString('hex'),
  };
  const store = await openStore({ dataDir: scratch });
  try {
    const policy = loadPolicy(app, config.PERMISSIONS_DIR, config.PERMISSIONS_DEFAULT);
    const { schema } = await buildApi(scratchConfig, app, policy, store, createLogger('silent'));
    return printSchema(schema);
  } finally {
    await store.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) runAsProcess(run);
