import type { IncomingMessage } from 'node:http';
import type { ApolloServerOptionsWithSchema } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { Logger } from 'pino';
import type { AppModel } from '../appModel/AppModel';
import { EXTERNAL_ID } from '../appModel/builtInSchema';
import { newObjectDocument } from '../appModel/newObjectDocument';
import { largestUpload } from '../appModel/uploadDirective';
import { createAccounts } from '../accounts/accounts';
import { userMutations } from '../accounts/userMutations';
import { AccountMail, accountMailSettings } from '../accounts/accountMail';
import { mailVerificationAfterChange } from '../accounts/emailVerification';
import { mailMutations } from '../accounts/mailMutations';
import { MailThrottle } from '../accounts/mailThrottle';
import { OneTimeTokens } from '../accounts/oneTimeTokens';
import type { MailFlowDeps } from '../accounts/passwordReset';
import { sessionMutations } from '../accounts/sessionMutations';
import { createSessionTokens } from '../auth/sessionTokens';
import { createMailer, type Mailer } from '../mail/createMailer';
import { createAuthenticator } from '../auth/authenticate';
import { externalTokensFrom } from '../auth/externalTokens';
import { fileUrlSecrets, jwtSecrets } from '../auth/jwtSecrets';
import { createUrlViewers } from './urlViewers';
import { LoginThrottle, logThrottleTrips, type ThrottleTrip } from '../auth/loginThrottle';
import { configurePasswordWork } from '../auth/passwords';
import { createUserTokens } from '../auth/userTokens';
import { createViewAsTokens, VIEW_AS_TOKEN_PREFIX } from '../auth/viewAsTokens';
import { adminOperations } from '../adminApi/adminOperations';
import type { Config } from '../config/loadConfig';
import { clientAddressFrom } from '../http/clientAddress';
import type { RequestLogNotes } from '../http/requestLog';
import { negotiatedContentType, noStoreHeader, noteForLog, retryAfterHeader } from '../http/responsePlugins';
import { requestLimits } from '../limits/requestLimits';
import type { Policy } from '../permissions/compilePolicy';
import type { Viewer } from '../Viewer';
import { createFileDownloads, type FileDownloads } from '../files/fileDownloads';
import { createSignedFileUrls } from '../files/signedFileUrls';
import type { RequestContext } from '../resolvers/RequestContext';
import type { SchemaExtension } from '../graphqlSchema/buildSchema';
import type { Store } from '../store/Store';
import type { GraphkeepMetrics } from '../telemetry/metrics';
import { operationSpanPlugin } from '../telemetry/operationSpan';
import { logUnexpectedErrors, maskUnexpectedErrors } from './apolloErrors';
import { createContextFactory } from './contextFactory';
import { contextWithNotes, notesOf } from './requestLogNotes';

export interface RequestHandling {
  /** What it learns for the log line (operation, viewer, error codes) goes into `notes`. */
  contextFor(request: IncomingMessage, requestId: string, notes: RequestLogNotes): Promise<RequestContext>;
  /** The same steps for transports without a header per request (WebSocket, docs/subscriptions.md). */
  viewerFrom(authorization: string | undefined): Promise<Viewer>;
  contextForViewer(viewer: Viewer, request: { requestId: string; clientAddress: string }): Promise<RequestContext>;
  schemaExtension: SchemaExtension;
  /** Account mail (docs/accounts.md#mail); undefined when `SMTP_URL` is not set. */
  mailer: Mailer | undefined;
  /** `GET /files/<id>` and the largest upload any field takes (docs/files.md). */
  files: FileDownloads;
  maxUploadBytes: number;
  apolloOptions: Pick<
    ApolloServerOptionsWithSchema<RequestContext>,
    | 'formatError'
    | 'hideSchemaDetailsFromClientErrors'
    | 'plugins'
    | 'validationRules'
    | 'parseOptions'
    | 'allowBatchedHttpRequests'
    | 'persistedQueries'
  >;
}

/**
 * Wires the per-request pipeline: Authorization header → viewer → access → context, the
 * account mutations that issue the tokens it checks, and Apollo's limits and error handling.
 */
export async function createRequestHandling(
  config: Config,
  app: AppModel,
  policy: Policy,
  store: Store,
  logger: Logger,
  metrics?: Pick<GraphkeepMetrics, 'throttleHit'>,
): Promise<RequestHandling> {
  const userModel = app.models.get('User')!;
  const refreshTokensOn = config.REFRESH_TOKENS === 'true';
  const tokens = createUserTokens(store, {
    secrets: jwtSecrets(config),
    // With refresh tokens, access tokens are short: a stolen one is worth minutes (docs/accounts.md#refresh-tokens).
    ttlSeconds: refreshTokensOn ? config.ACCESS_TOKEN_TTL : config.TOKEN_TTL,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    usersCollection: userModel.collection,
  });
  configurePasswordWork({
    concurrency: config.HASH_CONCURRENCY,
    maxWaiting: config.HASH_QUEUE_DEPTH,
    maxWaitingPerClient: config.HASH_QUEUE_PER_CLIENT,
  });
  const throttle = new LoginThrottle(
    store,
    {
      maxFailuresPerName: config.LOGIN_MAX_FAILURES,
      maxFailuresPerAddress: config.LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowSeconds: config.LOGIN_THROTTLE_WINDOW,
    },
    metrics ? countedTrips(logThrottleTrips(logger), metrics) : logThrottleTrips(logger),
  );
  const external = externalTokensFrom(config, store, {
    collection: userModel.collection,
    externalIdField: EXTERNAL_ID,
    newDocument: (fields) => newObjectDocument(userModel, fields),
  });
  const viewAsTokens = createViewAsTokens(store, {
    secrets: jwtSecrets(config),
    usersCollection: userModel.collection,
  });
  // RS256/ES256 tokens are the provider's; everything else is ours (HS256), as docs/api.md#users-and-tokens has it.
  const authenticator = createAuthenticator(store, (token) => {
    if (token.startsWith(VIEW_AS_TOKEN_PREFIX)) return viewAsTokens.verify(token);
    return external?.claims(token) ? external.verify(token) : tokens.verify(token);
  });
  const urlViewers = createUrlViewers(store, userModel.collection);
  const fileUrls = createSignedFileUrls({
    secrets: fileUrlSecrets(config),
    ttlSeconds: config.FILE_URL_TTL,
    publicUrl: config.PUBLIC_URL,
    nameOf: urlViewers.nameOf,
  });
  const contexts = createContextFactory(
    app,
    policy,
    store,
    authenticator,
    fileUrls,
    clientAddressFrom(config.TRUST_PROXY),
    {
      textScanBytes: config.MAX_TEXT_SCAN_BYTES,
      maxTimeMs: config.MONGO_MAX_TIME_MS,
      textPatternLength: config.MAX_TEXT_PATTERN_LENGTH,
    },
  );
  const sessions = createSessionTokens(store, tokens, {
    usersCollection: userModel.collection,
    refreshTokenTtlSeconds: refreshTokensOn ? config.REFRESH_TOKEN_TTL : undefined,
  });
  const mailer = createMailer(config, logger);
  const mailThrottle = new MailThrottle(store, {
    maxPerRecipient: config.MAIL_MAX_PER_RECIPIENT,
    maxPerClient: config.MAIL_MAX_PER_CLIENT,
    windowSeconds: config.MAIL_THROTTLE_WINDOW,
  });
  const oneTimeTokens = new OneTimeTokens(store);
  const mailFlows: MailFlowDeps = {
    userModel,
    mail:
      mailer &&
      new AccountMail(store, userModel, mailer, oneTimeTokens, mailThrottle, accountMailSettings(config), logger),
    throttle: mailThrottle,
    tokens: oneTimeTokens,
    sessions,
  };
  const production = config.NODE_ENV === 'production';
  const limits = requestLimits<RequestContext>(config);
  const admin = adminOperations({ app, policy, store, viewAsTokens });

  return {
    contextFor: (request, requestId, notes) => contextWithNotes(notes, () => contexts.fromRequest(request, requestId)),
    files: createFileDownloads(app, store, {
      urls: fileUrls,
      viewers: urlViewers,
      contextForViewer: (viewer) => contexts.forViewer(viewer, { requestId: '', clientAddress: '' }),
    }),
    maxUploadBytes: largestUpload(app),
    viewerFrom: (authorization) => authenticator.viewerFrom(authorization),
    contextForViewer: (viewer, request) => contexts.forViewer(viewer, request),
    mailer,
    schemaExtension: {
      queries: admin.queries,
      mutations: (typesOf) => ({
        ...userMutations(
          userModel,
          createAccounts(
            userModel,
            sessions,
            throttle,
            (failure) => logger.warn(failure, 'login failed'),
            (context, user) => mailVerificationAfterChange(mailFlows, context, user),
          ),
          contexts.signInAs,
        )(typesOf),
        ...mailMutations(mailFlows, contexts.signInAs)(typesOf),
        ...sessionMutations(userModel, sessions, contexts.signInAs)(typesOf),
        ...admin.mutations(typesOf),
      }),
    },
    apolloOptions: {
      ...limits,
      // GET /graphql for browsers is our own offline GraphiQL (http/graphiql.ts), never
      // Apollo's landing page, which loads its explorer from a CDN.
      plugins: [
        negotiatedContentType(),
        logUnexpectedErrors(logger),
        ApolloServerPluginLandingPageDisabled(),
        noteForLog(notesOf),
        retryAfterHeader(),
        ApolloServerPluginCacheControlDisabled(),
        noStoreHeader(),
        operationSpanPlugin(),
      ],
      hideSchemaDetailsFromClientErrors: production,
      formatError: maskUnexpectedErrors(production),
    },
  };
}

/** A throttled login is logged and counted (`graphkeep_login_throttle_hits_total{limit}`). */
function countedTrips(log: ThrottleTrip, metrics: Pick<GraphkeepMetrics, 'throttleHit'>): ThrottleTrip {
  return (attempt, retryAfterSeconds, limit) => {
    log(attempt, retryAfterSeconds, limit);
    metrics.throttleHit(limit);
  };
}
