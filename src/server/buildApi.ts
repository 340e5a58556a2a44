import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { AppModel } from '../app/AppModel';
import type { Config } from '../config/loadConfig';
import { createRequestHandling, type RequestHandling } from './createRequestHandling';
import type { Policy } from '../permissions/compilePolicy';
import { buildSchema } from '../schema/buildSchema';
import type { Store } from '../store/Store';

/**
 * The generated API and the request pipeline that serves it. One function for the server and
 * `npm run schema -- print`, so the printed SDL is the API the server answers with.
 */
export async function buildApi(config: Config, app: AppModel, policy: Policy, store: Store, logger: Logger): Promise<{ handling: RequestHandling; schema: GraphQLSchema }> {
  const handling = await createRequestHandling(config, app, policy, store, logger);
  return { handling, schema: buildSchema(app, handling.schemaExtension) };
}
