import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isUserError } from '../errors';

export type FormatError = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;

/**
 * Errors as both transports send them (docs/errors.md): GraphQL's format with an
 * `extensions.code` always set (a code-less error is INTERNAL_SERVER_ERROR, as Apollo names
 * it), never the `extensions.http` the server reads for the status, then the server's
 * `formatError` (which masks unexpected errors in production). Unexpected errors are
 * reported to `onUnexpected` for the log.
 */
export function formatOperationErrors(
  errors: readonly GraphQLError[],
  formatError: FormatError,
  onUnexpected: (error: unknown) => void,
): GraphQLFormattedError[] {
  return errors.map((given) => {
    // A bug may put a plain Error where a GraphQLError belongs: it is then an unexpected one.
    const error =
      given instanceof GraphQLError
        ? given
        : new GraphQLError(String((given as Error)?.message), { originalError: given });
    const original = error.originalError ?? error;
    const { http: _status, ...extensions } = error.extensions ?? {};
    const code = extensions.code ?? 'INTERNAL_SERVER_ERROR';
    if (code === 'INTERNAL_SERVER_ERROR' && !isUserError(original)) onUnexpected(original);
    const formatted = error.toJSON();
    return formatError({ ...formatted, extensions: { ...extensions, code } }, error);
  });
}
