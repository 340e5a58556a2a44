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
import { createAuthenticator } from '../auth/authenticate';
import { externalTokensFrom } from '../auth/externalTokens';
import { jwtSecrets } from '../auth/jwtSecrets';
import { LoginThrottle, logThrottleTrips } from '../auth/loginThrottle';
import { configurePasswordWork } from '../auth/passwords';
import { createUserTokens } from '../auth/userTokens';
import type { Config } from '../config/loadConfig';
import type { RequestLogNotes } from '../http/requestLog';
import { noStoreHeader, noteForLog, retryAfterHeader } from '../http/responsePlugins';
import { requestLimits } from '../limits/requestLimits';
import type { Policy } from '../permissions/compilePolicy';
import type { Viewer } from '../Viewer';
import { createFileDownloads, type FileDownloads } from '../files/fileDownloads';
import { createSignedFileUrls } from '../files/signedFileUrls';
import type { RequestContext } from '../resolvers/RequestContext';
import type { SchemaExtension } from '../graphqlSchema/buildSchema';
import type { Store } from '../store/Store';
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
): Promise<RequestHandling> {
  const userModel = app.models.get('User')!;
  const tokens = createUserTokens(store, {
    secrets: jwtSecrets(config),
    ttlSeconds: config.TOKEN_TTL,
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
    logThrottleTrips(logger),
  );
  const external = externalTokensFrom(config, store, {
    collection: userModel.collection,
    externalIdField: EXTERNAL_ID,
    newDocument: (fields) => newObjectDocument(userModel, fields),
  });
  // RS256/ES256 tokens are the provider's; everything else is ours (HS256), as docs/api.md#users-and-tokens has it.
  const authenticator = createAuthenticator(store, (token) =>
    external?.claims(token) ? external.verify(token) : tokens.verify(token),
  );
  const fileUrls = createSignedFileUrls({
    secrets: jwtSecrets(config),
    ttlSeconds: config.FILE_URL_TTL,
    publicUrl: config.PUBLIC_URL,
  });
  const contexts = createContextFactory(app, policy, store, authenticator, fileUrls, {
    textScanBytes: config.MAX_TEXT_SCAN_BYTES,
    maxTimeMs: config.MONGO_MAX_TIME_MS,
    textPatternLength: config.MAX_TEXT_PATTERN_LENGTH,
  });
  const production = config.NODE_ENV === 'production';
  const limits = requestLimits<RequestContext>(config);

  return {
    contextFor: (request, requestId, notes) => contextWithNotes(notes, () => contexts.fromRequest(request, requestId)),
    files: createFileDownloads(app, store, fileUrls),
    maxUploadBytes: largestUpload(app),
    viewerFrom: (authorization) => authenticator.viewerFrom(authorization),
    contextForViewer: (viewer, request) => contexts.forViewer(viewer, request),
    schemaExtension: {
      mutations: userMutations(
        userModel,
        createAccounts(userModel, tokens, throttle, (failure) => logger.warn(failure, 'login failed')),
        contexts.signInAs,
      ),
    },
    apolloOptions: {
      ...limits,
      // GET /graphql for browsers is our own offline GraphiQL (http/graphiql.ts), never
      // Apollo's landing page, which loads its explorer from a CDN.
      plugins: [
        ...(limits.plugins ?? []),
        logUnexpectedErrors(logger),
        ApolloServerPluginLandingPageDisabled(),
        noteForLog(notesOf),
        retryAfterHeader(),
        ApolloServerPluginCacheControlDisabled(),
        noStoreHeader(),
      ],
      hideSchemaDetailsFromClientErrors: production,
      formatError: maskUnexpectedErrors(production),
    },
  };
}
