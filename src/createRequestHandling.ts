import type { IncomingMessage } from 'node:http';
import type { ApolloServerOptionsWithSchema, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Logger } from 'pino';
import type { AppModel } from './app/AppModel';
import { createAccounts } from './auth/accounts';
import { createAuthenticator } from './auth/authenticate';
import { jwtSecrets } from './auth/jwtSecrets';
import { LoginThrottle } from './auth/loginThrottle';
import { userMutations } from './auth/userMutations';
import { createUserTokens } from './auth/userTokens';
import type { Viewer } from './auth/Viewer';
import type { Config } from './config/loadConfig';
import { isUserError } from './errors';
import { requestLimits } from './limits/requestLimits';
import type { Policy } from './permissions/compilePolicy';
import { createAccess } from './permissions/createAccess';
import { loadMemberships } from './permissions/Membership';
import { createRequestContext, type RequestContext } from './resolvers/RequestContext';
import type { SchemaExtension } from './schema/buildSchema';
import type { Store } from './store/Store';
import { largestUpload } from './app/uploadDirective';
import { createFileDownloads, type FileDownloads } from './resolvers/files/fileDownloads';
import { createFileLinks } from './resolvers/files/fileLinks';

export interface RequestHandling {
  contextFor(request: IncomingMessage, requestId: string): Promise<RequestContext>;
  /** The same steps for transports without a header per request (WebSocket, SPEC §7). */
  viewerFrom(authorization: string | undefined): Promise<Viewer>;
  contextForViewer(viewer: Viewer, request: { requestId: string; clientAddress: string }): Promise<RequestContext>;
  schemaExtension: SchemaExtension;
  /** `GET /files/<id>` and the largest upload any field takes (SPEC §9). */
  files: FileDownloads;
  maxUploadBytes: number;
  apolloOptions: Pick<ApolloServerOptionsWithSchema<RequestContext>, 'formatError' | 'hideSchemaDetailsFromClientErrors' | 'plugins' | 'validationRules' | 'parseOptions' | 'allowBatchedHttpRequests'>;
}

/**
 * Wires the per-request pipeline: Authorization header → viewer → access → context, and the
 * account mutations that issue the tokens it checks.
 */
export async function createRequestHandling(
  config: Config, app: AppModel, policy: Policy, store: Store, logger: Logger,
): Promise<RequestHandling> {
  const userModel = app.models.get('User')!;
  const tokens = createUserTokens(store, {
    secrets: jwtSecrets(config), ttlSeconds: config.TOKEN_TTL, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE,
    usersCollection: userModel.collection,
  });
  const throttle = new LoginThrottle({
    maxFailuresPerName: config.LOGIN_MAX_FAILURES,
    maxFailuresPerAddress: config.LOGIN_MAX_FAILURES_PER_ADDRESS,
    windowSeconds: config.LOGIN_THROTTLE_WINDOW,
  });
  const authenticator = createAuthenticator(store, (token) => tokens.verify(token));
  const production = config.NODE_ENV === 'production';
  const limits = requestLimits(config);
  const fileLinks = createFileLinks({ secrets: jwtSecrets(config), ttlSeconds: config.FILE_URL_TTL, publicUrl: config.PUBLIC_URL });

  async function contextOf(viewer: Viewer, request: { requestId: string; clientAddress: string }): Promise<RequestContext> {
    const memberships = viewer.kind === 'user' ? await loadMemberships(app, store, viewer.id) : [];
    const access = createAccess({ app, policy, store, viewer, memberships });
    const context = createRequestContext(app, store, viewer, access, request);
    context.fileLinks = fileLinks;
    context.refreshAccess = async (current) => {
      const fresh = await contextOf(current.viewer, request);
      Object.assign(current, { access: fresh.access, loaders: fresh.loaders });
    };
    return context;
  }

  return {
    async contextFor(request, requestId) {
      const viewer = await authenticator.viewerFrom(request.headers.authorization);
      return contextOf(viewer, { requestId, clientAddress: request.socket.remoteAddress ?? '' });
    },
    files: createFileDownloads(app, store, fileLinks),
    maxUploadBytes: largestUpload(app),
    viewerFrom: (authorization) => authenticator.viewerFrom(authorization),
    contextForViewer: contextOf,
    schemaExtension: {
      mutations: userMutations(userModel, createAccounts(userModel, tokens, throttle), async (context, viewer) => {
        const signedIn = await contextOf(viewer, context);
        Object.assign(context, { viewer: signedIn.viewer, access: signedIn.access, loaders: signedIn.loaders });
      }),
    },
    apolloOptions: {
      ...limits,
      // GET /graphql for browsers is our own offline GraphiQL (http/graphiql.ts), never
      // Apollo's landing page, which loads its explorer from a CDN.
      plugins: [...(limits.plugins ?? []), logUnexpectedErrors(logger), ApolloServerPluginLandingPageDisabled()],
      hideSchemaDetailsFromClientErrors: production,
      formatError(formatted, error) {
        const original = (error as { originalError?: unknown }).originalError ?? error;
        if (production && formatted.extensions?.code === 'INTERNAL_SERVER_ERROR' && !isUserError(original)) {
          return { message: 'internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
        }
        return formatted;
      },
    },
  };
}

/** Bugs, not user errors, go to the log with the request id the client saw. */
function logUnexpectedErrors(logger: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const original = error.originalError ?? error;
            if (isUserError(original) || error.extensions?.code !== undefined && error.extensions.code !== 'INTERNAL_SERVER_ERROR') continue;
            logger.error({ err: original, requestId: contextValue?.requestId }, 'unexpected error');
          }
        },
      };
    },
  };
}
