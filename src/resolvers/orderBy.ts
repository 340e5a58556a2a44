import type { Model } from '../appModel/AppModel';
import { userError } from '../errors';
import type { SortKey } from '../store/Store';
import type { RequestContext } from './RequestContext';

export interface OrderByInput {
  field: string;
  direction: 'ASC' | 'DESC';
}

/** The stored name of a scalar field: the Relay `id` is the store's `_id`. */
export function storedFieldName(field: string): string {
  return field === 'id' ? '_id' : field;
}

/** Whether `field` is readable on every object of `model` the viewer can see. */
async function readableWhereVisible(context: RequestContext, model: Model, field: string): Promise<boolean> {
  const readable = await context.access.readable(model, field);
  if (readable.kind === 'allow') return true;
  const visible = await context.access.visible(model);
  return (
    readable.kind === 'filter' &&
    visible.kind === 'filter' &&
    JSON.stringify(readable.filter) === JSON.stringify(visible.filter)
  );
}

/** The order of a connection without `orderBy` (docs/api.md): oldest first, ties broken by id. */
export const DEFAULT_SORT: readonly SortKey[] = [
  { field: 'createdAt', direction: 1 },
  { field: '_id', direction: 1 },
];

/**
 * `orderBy` → store sort keys, ending with `_id` so the order is total and cursors stable
 * (docs/api.md). Sorting (and the cursors, which carry the sort values) reveals how values
 * compare, so it needs read access to the field on every object the viewer can see, not
 * just some (docs/permissions.md#what-each-operation-checks). The default order, `createdAt`, falls back to `_id` where
 * `createdAt` is not readable everywhere: a stable order that, ids being random, shows
 * nothing about when objects were made.
 */
export async function orderByToSort(
  context: RequestContext,
  model: Model,
  orderBy?: OrderByInput[] | null,
): Promise<SortKey[]> {
  const explicit = orderBy && orderBy.length > 0;
  if (!explicit)
    return (await readableWhereVisible(context, model, 'createdAt'))
      ? [...DEFAULT_SORT]
      : [{ field: '_id', direction: 1 }];
  const sort: SortKey[] = [];
  for (const key of orderBy) {
    if (key.field !== 'id' && !(await readableWhereVisible(context, model, key.field))) {
      throw userError(
        'FORBIDDEN',
        `orderBy ${key.field}: you may not read ${model.name}.${key.field} on every object you can see`,
      );
    }
    const field = storedFieldName(key.field);
    if (!sort.some((k) => k.field === field)) sort.push({ field, direction: key.direction === 'DESC' ? -1 : 1 });
  }
  if (!sort.some((k) => k.field === '_id')) sort.push({ field: '_id', direction: sort[sort.length - 1].direction });
  return sort;
}
