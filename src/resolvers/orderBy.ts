import type { Model } from '../app/AppModel';
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

/**
 * `orderBy` → store sort keys, ending with `_id` so the order is total and cursors stable
 * (SPEC §3). Sorting reveals how values compare, so it needs read access to the field on
 * every object, not just some (SPEC §5.3).
 */
export async function orderByToSort(context: RequestContext, model: Model, orderBy?: OrderByInput[] | null): Promise<SortKey[]> {
  const keys = orderBy && orderBy.length > 0 ? orderBy : [{ field: 'createdAt', direction: 'ASC' as const }];
  const sort: SortKey[] = [];
  for (const key of keys) {
    const readable = await context.access.readable(model, key.field);
    if (readable.kind !== 'allow') {
      throw userError('FORBIDDEN', `orderBy ${key.field}: you may not read ${model.name}.${key.field} on every object`);
    }
    const field = storedFieldName(key.field);
    if (!sort.some((k) => k.field === field)) sort.push({ field, direction: key.direction === 'DESC' ? -1 : 1 });
  }
  if (!sort.some((k) => k.field === '_id')) sort.push({ field: '_id', direction: sort[sort.length - 1].direction });
  return sort;
}
