import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createLogger } from './createLogger';
import { storeSpecs } from '../permissions/ruleIndexes';
import type { AppModel } from '../appModel/AppModel';
import { ADMIN_TOKENS } from '../auth/adminTokens';
import { LOGIN_THROTTLE } from '../auth/loginThrottle';
import { REFRESH_TOKENS } from '../auth/refreshTokens';
import { MAIL_THROTTLE } from '../accounts/mailThrottle';
import { ACCOUNT_TOKENS } from '../accounts/oneTimeTokens';
import type { Config } from '../config/loadConfig';
import { createHttpServer } from '../http/createHttpServer';
import { createAdmissions } from '../limits/admitOperation';
import { openStore } from '../store/openStore';
import type { Store } from '../store/Store';
import { buildApi } from './buildApi';
import { checkStart, type CheckedStart } from './checkStart';
import { applySchemaAtStart } from '../schemaChanges/checkSchema';
import { ensureBuiltInData } from '../appModel/ensureBuiltInData';
import { ROLE_INVITATIONS } from '../appModel/builtInSchema';
import { reservedRoleNames } from '../permissions/reservedRoleNames';
import { createFirstAdminAtStart } from '../accounts/firstAdmin';
import { passwordWorkDepth } from '../auth/passwords';
import { instrumentStore } from '../telemetry/instrumentStore';
import type { SpanProcessors } from '../telemetry/tracing';
import { startTelemetry } from './startTelemetry';
import { TracedApolloServer } from './TracedApolloServer';
import { EMAIL_VERIFIED_FIELD } from '../appModel/builtInSchema';
import type { Mailer } from '../mail/createMailer';

/** How often a closing server looks again for connections that became idle. */
const CLOSE_SWEEP_MS = 50;

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
  options: { store?: Store; logger?: Logger; spanProcessors?: SpanProcessors } = {},
): Promise<RunningGraphkeep> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  // What the metrics read at a scrape; the WebSocket side exists only once the server listens.
  const served: { realtime?: RunningGraphkeep['realtime'] } = {};
  const telemetry = await startTelemetry(
    config,
    {
      webSocketConnections: () => served.realtime?.connections() ?? 0,
      subscriptions: () => served.realtime?.subscriptions() ?? 0,
      passwordHashQueueDepth: passwordWorkDepth,
    },
    { spanProcessors: options.spanProcessors },
  );
  const opened = options.store ?? (await openStore({ mongodbUri: config.MONGODB_URI, dataDir: config.DATA_DIR }));
  const store = telemetry.instrumented ? instrumentStore(opened, telemetry.metrics?.observeStoreCall) : opened;
  let checked: CheckedStart;
  try {
    // The same validation as `npm run schema -- check`, so a check that passes is a start that does.
    checked = await checkStart(config, store);
    logTypesWithoutRules(logger, checked.policy.withoutFile, config.PERMISSIONS_DEFAULT);
    // Before indexes are built: a new @unique over duplicates is refused with counts, not an index error.
    const recordSchema = await applySchemaAtStart(checked.schemaCheck, store, (finding, text) =>
      logger.warn({ schemaChange: finding.subject, count: finding.count }, text),
    );
    // Rule-driven indexes too: a RELATION-filtered page seeks, never scans (docs/permissions.md#what-each-operation-checks).
    await store.ensureCollections([
      ...storeSpecs(checked.app, checked.policy),
      ADMIN_TOKENS,
      LOGIN_THROTTLE,
      ROLE_INVITATIONS,
      REFRESH_TOKENS,
      ACCOUNT_TOKENS,
      MAIL_THROTTLE,
    ]);
    await recordSchema();
  } catch (error) {
    if (!options.store) await store.close();
    await telemetry.stop();
    throw error;
  }
  const { app, policy } = checked;
  let api: Awaited<ReturnType<typeof buildApi>>;
  try {
    await ensureBuiltInData(app, store, reservedRoleNames(policy));
    await createFirstAdminAtStart(config, app, store, logger);
    // A bad setting found here (ADMIN_PASSWORD, a mail template) must not leave the store open.
    api = await buildApi(config, app, policy, store, logger, telemetry.metrics);
  } catch (error) {
    if (!options.store) await store.close();
    await telemetry.stop();
    throw error;
  }
  const { handling, schema, realtime } = api;
  reportMail(handling.mailer, app, logger);
  const production = config.NODE_ENV === 'production';
  // Every operation, over HTTP or WebSocket, is admitted here first; Apollo runs what was admitted.
  const admissions = createAdmissions(schema, config);
  const apollo = new TracedApolloServer({
    schema,
    documentStore: admissions.documentStore,
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
    admit: admissions.admit,
    formatError: handling.apolloOptions.formatError ?? ((formatted) => formatted),
    healthy,
    files: handling.files,
    maxUploadBytes: handling.maxUploadBytes,
    metrics: telemetry.endpoint,
    onGraphQLRequestEnd: telemetry.metrics
      ? ({ status, seconds, notes }) =>
          telemetry.metrics!.observeOperation({
            operationName: notes.operationName,
            status,
            errorCodes: notes.errorCodes,
            seconds,
          })
      : undefined,
  });
  const sockets = realtime.listen(server, config, schema, admissions);
  const live = {
    connections: sockets.connections,
    subscriptions: realtime.subscriptions,
    settled: realtime.settled,
  };
  served.realtime = live;
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
    realtime: live,
    async close() {
      closing = true;
      await sockets.close();
      await new Promise<void>((resolve) => {
        // A response still being written when the close begins leaves its connection idle in
        // keep-alive afterwards, which would hold the close for KEEP_ALIVE_TIMEOUT (65 s): sweep
        // idle connections until the last one is gone, while requests in flight still finish.
        const sweep = setInterval(() => server.closeIdleConnections(), CLOSE_SWEEP_MS);
        server.close(() => {
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      });
      await apollo.stop();
      await handling.mailer?.close();
      if (!options.store) await store.close();
      await telemetry.stop();
    },
  };
}

/**
 * Types without a rules file are admin-only; `PERMISSIONS_DEFAULT=open` opens them to everyone,
 * which every start names in a warning so it cannot reach production unnoticed
 * (docs/permissions.md#types-without-a-rules-file).
 */
function logTypesWithoutRules(logger: Logger, types: string[], defaultPolicy: Config['PERMISSIONS_DEFAULT']): void {
  if (types.length === 0) return;
  const names = types.join(', ');
  if (defaultPolicy === 'open')
    logger.warn(
      { types, default: defaultPolicy },
      `PERMISSIONS_DEFAULT=open: ${names} ${types.length === 1 ? 'has' : 'have'} no rules file and ${types.length === 1 ? 'is' : 'are'} open to everyone (read, create, update, delete); add permissions/<Type>.json before going to production`,
    );
  else
    logger.info(
      { types, default: defaultPolicy },
      `no rules file for ${names}: only admins may read or write ${types.length === 1 ? 'it' : 'them'}`,
    );
}

/**
 * Says at start whether account mail works (docs/accounts.md#mail), never leaving it to the first
 * reset to find out: off without SMTP_URL, off without User.email, and whether the SMTP server
 * answers (checked in the background, so a slow one does not hold the start).
 */
function reportMail(mailer: Mailer | undefined, app: AppModel, logger: Logger): void {
  const flows = 'requestPasswordReset, resetPassword, verifyEmail and requestEmailVerification';
  if (!mailer) {
    logger.info(`mail is off (SMTP_URL is not set): ${flows} answer FEATURE_DISABLED`);
    return;
  }
  if (!app.models.get('User')!.fields.has(EMAIL_VERIFIED_FIELD)) {
    logger.warn(`mail is on, but User has no email String field: ${flows} answer FEATURE_DISABLED`);
    return;
  }
  mailer.verify().then(
    () => logger.info('mail is on: the SMTP server answers'),
    (error: Error) =>
      logger.warn({ err: { message: error.message } }, 'mail is on, but the SMTP server did not answer'),
  );
}
