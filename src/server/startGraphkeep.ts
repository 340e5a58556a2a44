import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';
import { createLogger } from './createLogger';
import { loadAppModel } from '../appModel/loadAppModel';
import { loadPolicy } from '../permissions/loadPolicy';
import { storeSpecs } from '../permissions/ruleIndexes';
import type { AppModel } from '../appModel/AppModel';
import { ADMIN_TOKENS } from '../auth/adminTokens';
import { LOGIN_THROTTLE } from '../auth/loginThrottle';
import type { Config } from '../config/loadConfig';
import { createHttpServer } from '../http/createHttpServer';
import { openStore } from '../store/openStore';
import type { Store } from '../store/Store';
import { buildApi } from './buildApi';
import { applySchemaAtStart } from '../schemaChanges/checkSchema';
import { ensureBuiltInData } from '../appModel/ensureBuiltInData';
import { reservedRoleNames } from '../permissions/reservedRoleNames';
import { createFirstAdminAtStart } from '../accounts/firstAdmin';

export interface RunningGraphkeep {
  url: string;
  port: number;
  store: Store;
  app: AppModel;
  logger: Logger;
  /** What the WebSocket side serves now (docs/subscriptions.md). */
  realtime: { connections(): number; subscriptions(): number; settled(): Promise<void> };
  close(): Promise<void>;
}

/**
 * Reads the app, opens the store, builds the API and listens. Everything a test or `main`
 * needs to run a real server; `close()` drains connections and closes the store.
 */
export async function startGraphkeep(
  config: Config,
  options: { store?: Store; logger?: Logger } = {},
): Promise<RunningGraphkeep> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const app = loadAppModel(readFileSync(config.SCHEMA_FILE, 'utf8'), config.SCHEMA_FILE);
  const policy = loadPolicy(app, config.PERMISSIONS_DIR, config.PERMISSIONS_DEFAULT);
  if (policy.withoutFile.length > 0) {
    logger.warn(
      { types: policy.withoutFile, default: config.PERMISSIONS_DEFAULT },
      `no rules file for ${policy.withoutFile.join(', ')}: ${config.PERMISSIONS_DEFAULT === 'open' ? 'open to everyone' : 'closed'} (PERMISSIONS_DEFAULT=${config.PERMISSIONS_DEFAULT})`,
    );
  }
  const store = options.store ?? (await openStore({ mongodbUri: config.MONGODB_URI, dataDir: config.DATA_DIR }));
  try {
    // Before indexes are built: a new @unique over duplicates is refused with counts, not an index error.
    const recordSchema = await applySchemaAtStart(app, store, (finding, text) =>
      logger.warn({ schemaChange: finding.subject, count: finding.count }, text),
    );
    // Rule-driven indexes too: a RELATION-filtered page seeks, never scans (docs/permissions.md#what-each-operation-checks).
    await store.ensureCollections([...storeSpecs(app, policy), ADMIN_TOKENS, LOGIN_THROTTLE]);
    await recordSchema();
  } catch (error) {
    if (!options.store) await store.close();
    throw error;
  }
  await ensureBuiltInData(app, store, reservedRoleNames(policy));
  await createFirstAdminAtStart(config, app, store, logger);

  const { handling, schema, realtime } = await buildApi(config, app, policy, store, logger);
  const production = config.NODE_ENV === 'production';
  const apollo = new ApolloServer({
    schema,
    // When off, limits/introspection.ts refuses it with a message naming INTROSPECTION.
    introspection: true,
    includeStacktraceInErrorResponses: !production,
    // Tokens travel in the Authorization header, never in cookies, so there is no CSRF to stop;
    // the check would also refuse plain GET queries that GraphQL over HTTP allows.
    csrfPrevention: false,
    ...handling.apolloOptions,
  });
  await apollo.start();

  let closing = false;
  const healthy = async () => {
    if (closing) throw new Error('shutting down');
    await store.ping();
  };
  const server = createHttpServer({
    config,
    apollo,
    logger,
    contextFor: handling.contextFor,
    healthy,
    files: handling.files,
    maxUploadBytes: handling.maxUploadBytes,
  });
  const sockets = realtime.listen(server, config, schema);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.HOST}:${port}/graphql`;
  logger.info({ url, store: store.kind }, 'Graphkeep is listening');

  return {
    url,
    port,
    store,
    app,
    logger,
    realtime: { connections: sockets.connections, subscriptions: realtime.subscriptions, settled: realtime.settled },
    async close() {
      closing = true;
      await sockets.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await apollo.stop();
      if (!options.store) await store.close();
    },
  };
}
