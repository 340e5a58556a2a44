import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { AppModel } from '../appModel/AppModel';
import type { Config } from '../config/loadConfig';
import { createRequestHandling, type RequestHandling } from './createRequestHandling';
import type { Policy } from '../permissions/compilePolicy';
import { buildSchema } from '../graphqlSchema/buildSchema';
import type { Store } from '../store/Store';
import type { GraphkeepMetrics } from '../telemetry/metrics';
import { startRealtime, type Realtime } from './startRealtime';

/**
 * The generated API and the request pipeline that serves it. One function for the server and
 * `npm run schema -- print`, so the printed SDL is the API the server answers with.
 */
export async function buildApi(
  config: Config,
  app: AppModel,
  policy: Policy,
  store: Store,
  logger: Logger,
  metrics?: GraphkeepMetrics,
): Promise<{ handling: RequestHandling; schema: GraphQLSchema; realtime: Realtime }> {
  const handling = await createRequestHandling(config, app, policy, store, logger, metrics);
  // The hub reads the change feed only once someone subscribes; `schema print` never does.
  const realtime = startRealtime({
    app,
    policy,
    store,
    logger,
    handling,
    metrics,
    fanoutLimit: config.WS_MAX_GRANT_FANOUT,
  });
  return {
    handling,
    realtime,
    schema: buildSchema(app, { ...handling.schemaExtension, subscribe: realtime.subscribe }),
  };
}
