import type { ApolloServerOptionsWithSchema, ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import { isUserError } from '../errors';
import type { RequestContext } from '../resolvers/RequestContext';

type FormatError = NonNullable<ApolloServerOptionsWithSchema<RequestContext>['formatError']>;

/**
 * In production a bug's message and stack never reach the client: an unexpected error becomes
 * "internal server error" with its path. User errors (those with a code) pass unchanged.
 */
export function maskUnexpectedErrors(production: boolean): FormatError {
  return (formatted, error) => {
    const original = (error as { originalError?: unknown }).originalError ?? error;
    if (production && formatted.extensions?.code === 'INTERNAL_SERVER_ERROR' && !isUserError(original)) {
      return { message: 'internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    return formatted;
  };
}

/** Bugs, not user errors, go to the log with the request id the client saw. */
export function logUnexpectedErrors(logger: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const original = error.originalError ?? error;
            if (
              isUserError(original) ||
              (error.extensions?.code !== undefined && error.extensions.code !== 'INTERNAL_SERVER_ERROR')
            )
              continue;
            logger.error({ err: original, requestId: contextValue?.requestId }, 'unexpected error');
          }
        },
      };
    },
  };
}
