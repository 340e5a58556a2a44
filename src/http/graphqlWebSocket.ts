import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import {
  getOperationAST,
  GraphQLError,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import type { Context } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { Viewer } from '../Viewer';
import type { Config } from '../config/loadConfig';
import { isUserError, userError } from '../errors';
import { queryCost } from '../limits/queryCost';
import { shapeLimitRefusal } from '../limits/shapeLimits';
import type { RequestContext } from '../resolvers/RequestContext';
import type { ChangeListener } from '../store/Store';
import { clientAddressFrom } from './clientAddress';
import { CLOSE_UNAUTHENTICATED, webSocketLimits } from './webSocketLimits';
import { sessionKey, WebSocketSession, WebSocketSessions } from './webSocketSessions';

export interface WebSocketDependencies {
  server: Server;
  path: string;
  schema: GraphQLSchema;
  config: Config;
  logger: Logger;
  /** The validation rules HTTP requests get (field suggestions, introspection when off). */
  validationRules: readonly ValidationRule[];
  viewerFrom(authorization: string | undefined): Promise<Viewer>;
  contextForViewer(viewer: Viewer, request: { requestId: string; clientAddress: string }): Promise<RequestContext>;
  /** Accounts whose writes end connections: the User and admin token collections. */
  accountCollections: { users: string; adminTokens: string };
  watchChanges(listener: ChangeListener): () => void;
  formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError;
}

type SessionExtra = Extra & { session?: WebSocketSession };

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
  const rules = [...specifiedRules, ...deps.validationRules];
  const shapeRefusal = shapeLimitRefusal(deps.config);
  const production = deps.config.NODE_ENV === 'production';
  const clientAddressOf = clientAddressFrom(deps.config.TRUST_PROXY);
  const format = (errors: readonly GraphQLError[]) =>
    errors.map((error) => {
      // Bugs, not user errors, go to the log, as they do for HTTP requests.
      if (
        !isUserError(error.originalError ?? error) &&
        (error.extensions?.code ?? 'INTERNAL_SERVER_ERROR') === 'INTERNAL_SERVER_ERROR'
      ) {
        deps.logger.error({ err: error.originalError ?? error }, 'unexpected error in a WebSocket operation');
      }
      // Apollo gives code-less errors INTERNAL_SERVER_ERROR before formatting; so do we, so production masks them.
      const formatted = error.toJSON();
      const code = formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
      return deps.formatError({ ...formatted, extensions: { ...formatted.extensions, code } }, error);
    });

  const disposable = useServer<Record<string, unknown>, { session?: WebSocketSession }>(
    {
      isProd: production,
      connectionInitWaitTimeout: limits.connectionInitWaitMs,
      async onConnect(ctx) {
        const extra = ctx.extra as SessionExtra;
        const clientAddress = clientAddressOf(extra.request);
        const authorization = authorizationOf(ctx.connectionParams);
        let viewer: Viewer;
        try {
          if (authorization === null) throw userError('UNAUTHENTICATED', 'connectionParams.token must be a string');
          viewer = await deps.viewerFrom(authorization);
        } catch (error) {
          extra.socket.close(CLOSE_UNAUTHENTICATED, (error as Error).message.slice(0, 120));
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
      onSubscribe(ctx, _id, payload) {
        if (Object.keys(ctx.subscriptions).length > limits.subscriptionsPerConnection) {
          return [
            userError(
              'BAD_USER_INPUT',
              `at most ${limits.subscriptionsPerConnection} operations at once on one connection`,
              { limit: limits.subscriptionsPerConnection },
            ),
          ];
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: deps.config.MAX_TOKENS });
        } catch (error) {
          return [withCode(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
        }
        const invalid = validate(deps.schema, document, rules);
        if (invalid.length > 0) return invalid.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED'));
        const tooLarge = shapeRefusal(deps.schema, document);
        if (tooLarge) return [tooLarge];
        const operation = getOperationAST(document, payload.operationName);
        if (operation) {
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          }
          const cost = queryCost(deps.schema, operation, fragments, payload.variables ?? {});
          if (cost > deps.config.MAX_COST) {
            return [
              userError(
                'BAD_USER_INPUT',
                `this query may cost ${cost}, above the limit of ${deps.config.MAX_COST}; ask for smaller pages`,
                { cost, limit: deps.config.MAX_COST },
              ),
            ];
          }
        }
        return {
          schema: deps.schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
        };
      },
      async context(ctx: Context<Record<string, unknown>, SessionExtra>) {
        const session = ctx.extra.session!;
        const context = await deps.contextForViewer(session.viewer, {
          requestId: randomUUID(),
          clientAddress: session.clientAddress,
        });
        context.subscriber = session;
        return context;
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

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code },
  });
}
