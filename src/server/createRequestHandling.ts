import type { IncomingMessage } from 'node:http';
import type { ApolloServerOptionsWithSchema, ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import type { AppModel } from '../app/AppModel';
import { createAccounts } from '../accounts/accounts';
import { createAuthenticator } from '../auth/authenticate';
import { jwtSecrets } from '../auth/jwtSecrets';
import { LoginThrottle } from '../auth/loginThrottle';
import { userMutations } from '../accounts/userMutations';
import { createUserTokens } from '../auth/userTokens';
import type { Viewer } from '../permissions/Viewer';
import type { Config } from '../config/loadConfig';
import { isUserError } from '../errors';
import { requestLimits } from '../limits/requestLimits';
import type { Policy } from '../permissions/compilePolicy';
import { createAccess } from '../permissions/createAccess';
import { loadMemberships } from '../permissions/Membership';
import { createRequestContext, type RequestContext } from '../resolvers/RequestContext';
import type { SchemaExtension } from '../schema/buildSchema';
import type { Store } from '../store/Store';

export interface RequestHandling {
  contextFor(request: IncomingMessage, requestId: string): Promise<RequestContext>;
  schemaExtension: SchemaExtension;
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
  const limits = requestLimits<RequestContext>(config);

  async function contextOf(viewer: Viewer, request: { requestId: string; clientAddress: string }): Promise<RequestContext> {
    const memberships = viewer.kind === 'user' ? await loadMemberships(app, store, viewer.id) : [];
    const access = createAccess({ app, policy, store, viewer, memberships });
    return createRequestContext(app, store, viewer, access, request);
  }

  return {
    async contextFor(request, requestId) {
      const viewer = await authenticator.viewerFrom(request.headers.authorization);
      return contextOf(viewer, { requestId, clientAddress: request.socket.remoteAddress ?? '' });
    },
    schemaExtension: {
      mutations: userMutations(userModel, createAccounts(userModel, tokens, throttle), async (context, viewer) => {
        const signedIn = await contextOf(viewer, context);
        Object.assign(context, { viewer: signedIn.viewer, access: signedIn.access, loaders: signedIn.loaders });
      }),
    },
    apolloOptions: {
      ...limits,
      plugins: [...(limits.plugins ?? []), logUnexpectedErrors(logger)],
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
