import type { Filter, Scalar, SortKey } from './Store';

/**
 * The filter for "rows strictly after `position` in `sort` order": the heart of keyset
 * pagination, so a page costs an index seek plus the page, whatever the offset.
 *
 * `position` holds one value per sort key (the last key must be the unique `_id`). Missing
 * values are `null`, and null sorts first ascending and last descending, as in MongoDB and
 * SQLite. To page backwards, ask for rows after the position in the reversed order.
 */
export function keysetAfter(sort: SortKey[], position: Scalar[]): Filter {
  if (position.length !== sort.length) {
    throw new Error(`keyset position has ${position.length} values for ${sort.length} sort keys`);
  }
  const branches: Filter[] = [];
  for (let i = 0; i < sort.length; i++) {
    const after = strictlyAfter(sort[i], position[i]);
    if (after === null) continue;
    const equalBefore: Filter[] = sort.slice(0, i).map((key, j) => ({ [key.field]: { $eq: position[j] } }));
    branches.push(equalBefore.length === 0 ? after : { $and: [...equalBefore, after] });
  }
  return { $or: branches };
}

export function reverseSort(sort: SortKey[]): SortKey[] {
  return sort.map((key) => ({ field: key.field, direction: key.direction === 1 ? -1 : 1 }));
}

/** Values of one key that sort strictly after `value`; `null` when nothing can. */
function strictlyAfter(key: SortKey, value: Scalar): Filter | null {
  const { field, direction } = key;
  if (direction === 1) {
    return value === null ? { [field]: { $ne: null } } : { [field]: { $gt: value } };
  }
  if (value === null) return null;
  return { $or: [{ [field]: { $lt: value } }, { [field]: { $eq: null } }] };
}
