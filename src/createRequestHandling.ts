import type { IncomingMessage } from 'node:http';
import type { ApolloServerOptionsWithSchema } from '@apollo/server';
import type { Logger } from 'pino';
import type { AppModel } from './app/AppModel';
import { createAuthenticator, unauthenticated } from './auth/authenticate';
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
 * Wires the per-request pipeline: Authorization header → viewer → access → context.
 */
export async function createRequestHandling(
  config: Config, app: AppModel, policy: Policy, store: Store, logger: Logger,
): Promise<RequestHandling> {
  const authenticator = createAuthenticator(store, async () => { throw unauthenticated('this token is not valid'); });
  const production = config.NODE_ENV === 'production';
  return {
    async contextFor(request) {
      const viewer = await authenticator.viewerFrom(request.headers.authorization);
      const memberships = viewer.kind === 'user' ? await loadMemberships(app, store, viewer.id) : [];
      const access = createAccess({ app, policy, store, viewer, memberships });
      return createRequestContext(app, store, viewer, access);
    },
    schemaExtension: {},
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
