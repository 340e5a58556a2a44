import type { AppModel, Model, RelationField } from '../app/AppModel';
import { linkKeys } from '../app/linkKeys';
import type { Filter } from '../store/Store';
import type { UserPath } from './Rule';

/**
 * Reads the values of `field` from the documents of `collection` that match `filter`. The
 * only store access path compilation needs; tests pass a table instead of a store.
 */
export type ValuesLookup = (collection: string, filter: Filter, field: string) => Promise<string[]>;

/**
 * The objects of `type` from which the user field `path` leads to the user `userId`, as a
 * store filter (SPEC §5.1 RELATION). A stored reference becomes a condition on that field;
 * a hop the object does not store (the other side of a one-to-many, a many-to-many link, or
 * a further hop of a dotted path) is resolved from the viewer's end first, into the ids it
 * allows, so the result is always a plain filter the store can index.
 */
export async function pathFilter(app: AppModel, type: Model, path: UserPath, userId: string, lookup: ValuesLookup): Promise<Filter> {
  if (path.length === 0) return { _id: { $eq: userId } };
  const [hop, ...rest] = path;
  const field = type.fields.get(hop) as RelationField;
  const target = app.models.get(field.target)!;
  const atUser = rest.length === 0;
  const targetFilter = atUser ? { _id: { $eq: userId } } : await pathFilter(app, target, rest, userId, lookup);
  const relation = app.relations.get(field.relation)!;

  const targetIds = async () => idsIn(targetFilter) ?? lookup(target.collection, targetFilter, '_id');
  if (field.storage === 'reference') {
    return atUser ? { [hop]: { $eq: userId } } : { [hop]: { $in: await targetIds() } };
  }
  if (relation.kind === 'toOne') {
    return { _id: { $in: await lookup(target.collection, targetFilter, relation.owner.field) } };
  }
  const [mine, theirs] = linkKeys(relation, type.name);
  const theirIds = await targetIds();
  return { _id: { $in: await lookup(relation.collection, { [theirs]: { $in: theirIds } }, mine) } };
}

/** The ids a filter names outright (`{ _id: { $eq } }` or `{ _id: { $in } }`): no lookup needed. */
function idsIn(filter: Filter): string[] | undefined {
  const keys = Object.keys(filter);
  const condition = filter._id as { $eq?: string; $in?: string[] } | undefined;
  if (keys.length !== 1 || !condition) return undefined;
  if (condition.$in) return condition.$in;
  return condition.$eq !== undefined ? [condition.$eq] : undefined;
}
