import type { Server } from 'node:http';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { AppModel } from '../appModel/AppModel';
import { ADMIN_TOKENS } from '../auth/adminTokens';
import type { Config } from '../config/loadConfig';
import type { RequestHandling } from './createRequestHandling';
import { attachGraphQLWebSocket } from '../http/graphqlWebSocket';
import type { Admissions } from '../limits/admitOperation';
import type { Policy } from '../permissions/compilePolicy';
import { SubscriptionHub } from '../realtime/SubscriptionHub';
import type { SubscribeToModel } from '../realtime/SubscriptionEvent';
import type { Store } from '../store/Store';
import type { GraphkeepMetrics } from '../telemetry/metrics';

export interface Realtime {
  subscribe: SubscribeToModel;
  /** Subscriptions this process serves now. */
  subscriptions(): number;
  /** Resolves once every change delivered so far is judged and its events are sent (`SubscriptionHub.settled`). */
  settled(): Promise<void>;
  /** Serves graphql-ws on the server's `/graphql`; `close` ends every socket with 1001. */
  listen(
    server: Server,
    config: Config,
    schema: GraphQLSchema,
    admissions: Pick<Admissions, 'admit'>,
  ): { close(): Promise<void>; connections(): number };
}

/**
 * Wires docs/subscriptions.md: the store's change feed → the subscription hub (rules per subscriber) →
 * graphql-ws sockets. The hub exists before the schema (its `subscribe` is a field's), the
 * sockets after the HTTP server they share.
 */
export function startRealtime(deps: {
  app: AppModel;
  policy: Policy;
  store: Store;
  logger: Logger;
  handling: RequestHandling;
  metrics?: GraphkeepMetrics;
  /** `WS_MAX_GRANT_FANOUT`. */
  fanoutLimit: number;
}): Realtime {
  const { app, store, logger, handling } = deps;
  const hub = new SubscriptionHub({
    app,
    policy: deps.policy,
    store,
    fanoutLimit: deps.fanoutLimit,
    onError: (error) => logger.error({ err: error }, 'judging a commit for subscribers failed'),
    onBatchDelivered: deps.metrics?.observeDeliveryLag,
  });
  return {
    subscribe: hub.subscribe,
    subscriptions: () => hub.size,
    settled: () => hub.settled(),
    listen(server, config, schema, admissions) {
      const sockets = attachGraphQLWebSocket({
        server,
        path: '/graphql',
        schema,
        config,
        logger,
        admit: admissions.admit,
        viewerFrom: handling.viewerFrom,
        contextForViewer: handling.contextForViewer,
        accountCollections: { users: app.models.get('User')!.collection, adminTokens: ADMIN_TOKENS.name },
        watchChanges: (listener) => store.watchChanges(listener),
        formatError: handling.apolloOptions.formatError ?? ((formatted) => formatted),
      });
      return {
        connections: sockets.connections,
        async close() {
          await sockets.close();
          hub.close();
        },
      };
    },
  };
}
