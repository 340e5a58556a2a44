import type { GraphQLFieldResolver, GraphQLResolveInfo } from 'graphql';
import type { AppModel, Model } from '../appModel/AppModel';
import { assertListLength } from '../limits/listInput';
import type { StoredDoc } from '../store/Store';
import { resolveConnection, type Connection, type ConnectionArgs } from './connections';
import { decodeGlobalId } from './globalIds';
import type { RequestContext } from './RequestContext';
import { selectedFieldNames } from './selectedFields';

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
  return context.viewer.kind === 'user'
    ? context.loaders.visibleById(app.models.get('User')!).load(context.viewer.id)
    : null;
}

/** `get<Type>(id:)`: one object by its global id, which must be of this type. */
export function getObject(model: Model, context: RequestContext, globalId: string): Promise<StoredDoc | null> {
  return context.loaders.visibleById(model).load(decodeGlobalId(globalId, [model.name]).id);
}

/** `all<Types>`: the connection over every object of the type the viewer may see. */
export async function allObjects(
  model: Model,
  context: RequestContext,
  args: ConnectionArgs,
  info?: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments' | 'variableValues'>,
): Promise<Connection> {
  const connection = await resolveConnection(context, model, args);
  if (info)
    await loadSelectedReferences(
      context,
      model,
      connection.edges.map((edge) => edge.node),
      selectedFieldNames(info, ['edges', 'node']),
    );
  return connection;
}

/**
 * A page reads the objects its nodes reference (`author` of each post), those the client
 * selects, in the one batched call the field resolvers would have made, before the page is
 * returned: each reference then resolves to its object without a promise per node. Only where
 * the viewer may read the reference field of that object, decided at once (`allowsNow`); any
 * other is judged by its resolver first, so a target behind a field the viewer may not read is
 * never loaded.
 */
async function loadSelectedReferences(
  context: RequestContext,
  model: Model,
  page: StoredDoc[],
  selected: Set<string>,
): Promise<void> {
  const loads: Promise<unknown>[] = [];
  for (const name of selected) {
    const field = model.fields.get(name);
    if (field?.kind !== 'relation' || field.storage !== 'reference') continue;
    const readable = context.access.bypass
      ? page
      : page.filter((doc) => context.access.allowsNow('read', model, [name], doc) === true);
    const ids = [...new Set(readable.map((doc) => doc[name]).filter((id): id is string => typeof id === 'string'))];
    if (ids.length > 0) loads.push(context.loaders.visibleById(context.app.models.get(field.target)!).loadMany(ids));
  }
  await Promise.all(loads);
}
