import type { IncomingMessage } from 'node:http';
import type { ApolloServerOptionsWithSchema } from '@apollo/server';
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
import type { Policy } from './permissions/compilePolicy';
import { createAccess } from './permissions/createAccess';
import { loadMemberships } from './permissions/Membership';
import { createRequestContext, type RequestContext } from './resolvers/RequestContext';
import type { SchemaExtension } from './schema/buildSchema';
import type { Store } from './store/Store';

export interface RequestHandling {
  contextFor(request: IncomingMessage): Promise<RequestContext>;
  schemaExtension: SchemaExtension;
  apolloOptions: Pick<ApolloServerOptionsWithSchema<RequestContext>, 'formatError' | 'hideSchemaDetailsFromClientErrors' | 'plugins' | 'validationRules' | 'parseOptions'>;
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

  async function contextOf(viewer: Viewer, clientAddress: string): Promise<RequestContext> {
    const memberships = viewer.kind === 'user' ? await loadMemberships(app, store, viewer.id) : [];
    const access = createAccess({ app, policy, store, viewer, memberships });
    return createRequestContext(app, store, viewer, access, clientAddress);
  }

  return {
    async contextFor(request) {
      const viewer = await authenticator.viewerFrom(request.headers.authorization);
      return contextOf(viewer, request.socket.remoteAddress ?? '');
    },
    schemaExtension: {
      mutations: userMutations(userModel, createAccounts(userModel, tokens, throttle), async (context, viewer) => {
        const signedIn = await contextOf(viewer, context.clientAddress);
        Object.assign(context, { viewer: signedIn.viewer, access: signedIn.access, loaders: signedIn.loaders });
      }),
    },
    apolloOptions: {
      hideSchemaDetailsFromClientErrors: production,
      formatError(formatted, error) {
        const original = (error as { originalError?: unknown }).originalError ?? error;
        const code = formatted.extensions?.code;
        if (code === 'INTERNAL_SERVER_ERROR' && !isUserError(original)) {
          logger.error({ err: original }, 'unexpected error in a resolver');
          if (production) return { message: 'internal server error', path: formatted.path, extensions: { code } };
        }
        return formatted;
      },
    },
  };
}
