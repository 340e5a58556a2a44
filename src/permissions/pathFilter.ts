import type { AppModel, Model, RelationField } from '../appModel/AppModel';
import { linkKeys } from '../appModel/linkKeys';
import type { FieldCondition, Filter } from '../store/Store';
import type { UserPath } from './Rule';

/**
 * The objects of `type` from which the user field `path` leads to the user `userId`, as a
 * store filter (docs/permissions.md#scopes-with-worked-examples RELATION). A stored reference becomes a condition on that field;
 * a hop the object does not store (the other side of a one-to-many, a many-to-many link, or a
 * further hop of a dotted path) becomes a semi-join (`$inSelect`) on the collection that does,
 * nested hop by hop. So the whole path is one query the store runs through its indexes: no list
 * of intermediate ids is fetched first, none is cut, and a page's cost does not grow with how
 * many objects the viewer owns.
 */
export function pathFilter(app: AppModel, type: Model, path: UserPath, userId: string): Filter {
  if (path.length === 0) return { _id: { $eq: userId } };
  const [hop, ...rest] = path;
  const field = type.fields.get(hop) as RelationField;
  const target = app.models.get(field.target)!;
  const relation = app.relations.get(field.relation)!;
  const targetFilter = pathFilter(app, target, rest, userId);
  // "The value is the id of a target that leads to the viewer."
  const targetId = idCondition(targetFilter) ?? {
    $inSelect: { collection: target.collection, field: '_id', filter: targetFilter },
  };

  if (field.storage === 'reference') return { [hop]: targetId };
  if (relation.kind === 'toOne') {
    return { _id: { $inSelect: { collection: target.collection, field: relation.owner.field, filter: targetFilter } } };
  }
  const [mine, theirs] = linkKeys(relation, type.name);
  return { _id: { $inSelect: { collection: relation.collection, field: mine, filter: { [theirs]: targetId } } } };
}

/** The condition on `_id` a filter consists of (`{ _id: { $eq: 'u1' } }`): no join needed for it. */
function idCondition(filter: Filter): FieldCondition | undefined {
  const keys = Object.keys(filter);
  return keys.length === 1 && keys[0] === '_id' ? (filter._id as FieldCondition) : undefined;
}
