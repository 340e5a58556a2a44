import { ConfigError, loadConfig } from './config/loadConfig';
import { SchemaError } from './appModel/SchemaError';
import { RulesError } from './permissions/RulesError';
import { SchemaChangeRefused } from './schemaChanges/checkSchema';
import { IndexBuildRefused } from './store/IndexBuildRefused';
import { startGraphkeep } from './server/startGraphkeep';

/** `npm start`: read config, open the store, load the app, serve until SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const server = await startGraphkeep(config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  // Start-up mistakes (bad config, schema or rules) are the operator's to fix: say what, not a stack.
  if (
    error instanceof ConfigError ||
    error instanceof SchemaError ||
    error instanceof RulesError ||
    error instanceof SchemaChangeRefused ||
    error instanceof IndexBuildRefused
  ) {
    console.error(`Graphkeep cannot start: ${(error as Error).message}`);
  } else {
    console.error('Graphkeep cannot start:', error);
  }
  process.exit(1);
});
