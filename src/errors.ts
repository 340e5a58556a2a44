import { GraphQLError } from 'graphql';

/** The error codes clients can rely on (docs/errors.md). */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'NOT_FOUND'
  | 'TOO_MANY_REQUESTS'
  /** Not a failure: the create was written, but the creator's rules do not let them read it. */
  | 'CREATED_NOT_READABLE'
  /** A feature the operator has not turned on (account mail, refresh tokens); `extensions.settings` names what does. */
  | 'FEATURE_DISABLED';

/**
 * An error the client caused and can act on. Everything else that escapes a resolver is a
 * bug, and Apollo masks it in production.
 */
export function userError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export function isUserError(error: unknown): error is GraphQLError {
  return error instanceof GraphQLError && typeof error.extensions?.code === 'string';
}
