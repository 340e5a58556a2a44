import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { Viewer } from '../Viewer';
import { graphQLResponseType } from './graphQLResponseType';
import type { RequestLogNotes } from './requestLog';

/** The viewer as the log names it: user by id, admin token by name; never a token. */
export function viewerForLog(viewer: Viewer): RequestLogNotes['viewer'] {
  if (viewer.kind === 'user') return { kind: 'user', id: viewer.id };
  if (viewer.kind === 'adminToken') return { kind: 'adminToken', id: viewer.name };
  return { kind: viewer.kind };
}

export function errorCodesOf(errors: readonly GraphQLFormattedError[] | undefined): string[] {
  const codes = (errors ?? []).map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
  return [...new Set(codes)];
}

/**
 * Copies what the log line should say into the request's notes when the response is ready:
 * the operation's name, the viewer as the request ended (a login changes it), and the error
 * codes (a FORBIDDEN is logged as one, though the HTTP status is 200).
 */
export function noteForLog<Context extends { viewer: Viewer }>(
  notesOf: (context: Context) => RequestLogNotes | undefined,
): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, operationName, contextValue, response }) {
          const notes = notesOf(contextValue);
          if (!notes) return;
          const name = operationName ?? request.operationName;
          if (name) notes.operationName = name;
          notes.viewer = viewerForLog(contextValue.viewer);
          if (response.body.kind === 'single') notes.errorCodes = errorCodesOf(response.body.singleResult.errors);
        },
      };
    },
  };
}

/**
 * A throttled login also says how long to wait in a `Retry-After` header (RFC 9110 §10.2.3),
 * which HTTP clients and proxies understand without reading the GraphQL errors.
 */
export function retryAfterHeader<Context extends object>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const waits = (response.body.singleResult.errors ?? [])
            .map((error) => error.extensions?.retryAfterSeconds)
            .filter((seconds): seconds is number => typeof seconds === 'number' && seconds > 0);
          if (waits.length > 0) response.http.headers.set('retry-after', String(Math.max(...waits)));
        },
      };
    },
  };
}

/**
 * Every GraphQL answer carries `cache-control: no-store`: what a viewer may see is theirs, so no
 * browser or proxy may keep it. Apollo's cache-control plugin sent the same header (no type or
 * field carries a cache hint), but it hooked every field of every request to work that out, so
 * it is disabled (`ApolloServerPluginCacheControlDisabled`) and this says it directly.
 */
export function noStoreHeader<Context extends object>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (!response.http.headers.has('cache-control')) response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}

/**
 * The answer's type, as the HTTP door negotiated it before admitting the request: Apollo
 * negotiates only after executing, and would answer 406 to a mutation it had already run.
 */
export function negotiatedContentType<Context extends object>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request, response }) {
      const type = graphQLResponseType(request.http?.headers.get('accept'));
      if (type) response.http.headers.set('content-type', type);
    },
  };
}
