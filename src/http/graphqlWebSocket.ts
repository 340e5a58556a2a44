import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { execute, GraphQLError, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { Viewer } from '../Viewer';
import { asPasswordClient } from '../auth/passwords';
import type { Config } from '../config/loadConfig';
import { isUserError, userError } from '../errors';
import type { Admission, OperationRequest } from '../limits/admitOperation';
import type { RequestContext } from '../resolvers/RequestContext';
import type { ChangeListener } from '../store/Store';
import { clientAddressFrom } from './clientAddress';
import { formatOperationErrors, type FormatError } from './operationErrors';
import { serveGraphQLWs, type SocketExtra } from './serveGraphQLWs';
import { CLOSE_UNAUTHENTICATED, webSocketLimits } from './webSocketLimits';
import { sessionKey, WebSocketSession, WebSocketSessions } from './webSocketSessions';

export interface WebSocketDependencies {
  server: Server;
  path: string;
  schema: GraphQLSchema;
  config: Config;
  logger: Logger;
  /** The one door of every operation, shared with HTTP: parse, validate, limits, variables. */
  admit(request: OperationRequest): Admission;
  viewerFrom(authorization: string | undefined): Promise<Viewer>;
  contextForViewer(viewer: Viewer, request: { requestId: string; clientAddress: string }): Promise<RequestContext>;
  /** Accounts whose writes end connections: the User and admin token collections. */
  accountCollections: { users: string; adminTokens: string };
  watchChanges(listener: ChangeListener): () => void;
  formatError: FormatError;
}

type SessionExtra = SocketExtra & { session?: WebSocketSession };

/**
 * GraphQL over WebSocket (the graphql-ws protocol, docs/subscriptions.md) on the HTTP server's port and
 * path: queries, mutations and `subscribeTo<Type>` subscriptions, with the connection's
 * token taken once from `connectionParams.token` or `.Authorization` (docs/api.md#users-and-tokens).
 */
export function attachGraphQLWebSocket(deps: WebSocketDependencies): { close(): Promise<void>; connections(): number } {
  const limits = webSocketLimits(deps.config);
  const sessions = new WebSocketSessions(
    limits.connectionsPerUser,
    async (session) => {
      try {
        await deps.viewerFrom(session.authorization);
        return true;
      } catch (error) {
        return (error as GraphQLError).extensions?.code !== 'UNAUTHENTICATED';
      }
    },
    deps.accountCollections,
  );
  // The feed is tailed only while someone is connected.
  let stopWatching: (() => void) | undefined;
  const wss = new WebSocketServer({ server: deps.server, path: deps.path, maxPayload: deps.config.MAX_BODY_BYTES });
  const production = deps.config.NODE_ENV === 'production';
  const clientAddressOf = clientAddressFrom(deps.config.TRUST_PROXY);
  const format = (errors: readonly GraphQLError[]) =>
    formatOperationErrors(errors, deps.formatError, (error) =>
      deps.logger.error({ err: error }, 'unexpected error in a WebSocket operation'),
    );
  const closing = (extra: SessionExtra) => extra.socket.readyState !== extra.socket.OPEN;

  const disposable = serveGraphQLWs<Record<string, unknown>, { session?: WebSocketSession }>(
    {
      connectionInitWaitTimeout: limits.connectionInitWaitMs,
      // As over HTTP, an operation's password work queues in its client's line.
      execute: (args) =>
        asPasswordClient((args.contextValue as RequestContext).clientAddress, async () => execute(args)),
      async onConnect(ctx) {
        const extra = ctx.extra as SessionExtra;
        const clientAddress = clientAddressOf(extra.request);
        const authorization = authorizationOf(ctx.connectionParams);
        let viewer: Viewer;
        try {
          if (authorization === null) throw userError('UNAUTHENTICATED', 'connectionParams.token must be a string');
          viewer = await deps.viewerFrom(authorization);
        } catch (error) {
          const reason = isUserError(error) ? error.message : 'the token could not be checked';
          if (!isUserError(error)) deps.logger.error({ err: error }, 'checking a WebSocket token failed');
          extra.socket.close(CLOSE_UNAUTHENTICATED, reason.slice(0, 120));
          return false;
        }
        const session = new WebSocketSession(
          extra.socket,
          viewer,
          authorization,
          sessionKey(viewer, clientAddress),
          clientAddress,
          limits.pendingEvents,
        );
        if (!sessions.open(session)) return false;
        stopWatching ??= deps.watchChanges(sessions.onChanges);
        extra.session = session;
        return true;
      },
      onClose(ctx) {
        const { session } = ctx.extra as SessionExtra;
        if (session) sessions.end(session);
        if (sessions.size === 0) {
          stopWatching?.();
          stopWatching = undefined;
        }
      },
      async onSubscribe(ctx, _id, payload) {
        const extra = ctx.extra as SessionExtra;
        if (Object.keys(ctx.subscriptions).length > limits.subscriptionsPerConnection) {
          return [
            userError(
              'BAD_USER_INPUT',
              `at most ${limits.subscriptionsPerConnection} operations at once on one connection`,
              { limit: limits.subscriptionsPerConnection },
            ),
          ];
        }
        const admission = deps.admit(payload);
        if (!admission.admitted) return [...admission.errors];
        const session = extra.session!;
        let contextValue: RequestContext;
        try {
          contextValue = await deps.contextForViewer(session.viewer, {
            requestId: randomUUID(),
            clientAddress: session.clientAddress,
          });
        } catch (error) {
          if (isUserError(error)) return [error];
          throw error;
        }
        contextValue.subscriber = session;
        // Checked after the last wait: what runs next runs at once, so a connection closed
        // meanwhile (a bad frame sent behind this one) executes nothing more.
        if (closing(extra)) return [userError('BAD_USER_INPUT', 'the connection is closing')];
        return {
          schema: deps.schema,
          document: admission.document,
          operationName: admission.operation.name?.value,
          variableValues: admission.variables,
          contextValue,
        };
      },
      onNext(_ctx, _id, _payload, _args, result) {
        if (!result.errors) return undefined;
        return { ...result, errors: format(result.errors as readonly GraphQLError[]) };
      },
      onError(_ctx, _id, _payload, errors) {
        return format(errors);
      },
    },
    wss,
    deps.logger,
    production,
  );

  return {
    connections: () => sessions.size,
    async close() {
      stopWatching?.();
      // graphql-ws closes every socket with 1001 "Going away", then the server.
      await disposable.dispose();
    },
  };
}

/** `connectionParams.token` (a bare token) or `.Authorization` ("Bearer …"); null for a non-string. */
function authorizationOf(params: Readonly<Record<string, unknown>> | undefined): string | undefined | null {
  const given = params?.token ?? params?.Authorization ?? params?.authorization;
  if (given === undefined || given === null || given === '') return undefined;
  if (typeof given !== 'string') return null;
  return /^bearer\s/i.test(given) ? given : `Bearer ${given}`;
}
