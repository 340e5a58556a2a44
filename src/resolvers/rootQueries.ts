import type { GraphQLFieldResolver } from 'graphql';
import type { AppModel, Model } from '../app/AppModel';
import { assertListLength } from '../limits/listInput';
import type { StoredDoc } from '../store/Store';
import { resolveConnection, type Connection, type ConnectionArgs } from './connections';
import { decodeGlobalId } from './globalIds';
import type { RequestContext } from './RequestContext';

/** `node(id:)`: the object behind a global id of any model, or null if the viewer may not see it. */
export function nodeById(app: AppModel): (globalId: string, context: RequestContext) => Promise<StoredDoc | null> {
  const modelNames = [...app.models.keys()];
  return (globalId, context) => {
    const { type, id } = decodeGlobalId(globalId, modelNames);
    return context.loaders.visibleById(app.models.get(type)!).load(id);
  };
}

/** `nodes(ids:)` as graphql-relay answers it, after refusing more than `MAX_LIST_INPUT` ids. */
export function limitedNodes<TSource>(
  resolve: GraphQLFieldResolver<TSource, RequestContext, { ids: string[] }>,
): GraphQLFieldResolver<TSource, RequestContext, { ids: string[] }> {
  return (source, args, context, info) => {
    assertListLength('ids', args.ids);
    return resolve(source, args, context, info);
  };
}

/** `viewer { user }`: the signed-in user as they may see themselves; null for anonymous and admin tokens. */
export function viewerUser(app: AppModel, context: RequestContext): Promise<StoredDoc | null> | null {
  return context.viewer.kind === 'user' ? context.loaders.visibleById(app.models.get('User')!).load(context.viewer.id) : null;
}

/** `get<Type>(id:)`: one object by its global id, which must be of this type. */
export function getObject(model: Model, context: RequestContext, globalId: string): Promise<StoredDoc | null> {
  return context.loaders.visibleById(model).load(decodeGlobalId(globalId, [model.name]).id);
}

/** `all<Types>`: the connection over every object of the type the viewer may see. */
export function allObjects(model: Model, context: RequestContext, args: ConnectionArgs): Promise<Connection> {
  return resolveConnection(context, model, args);
}
