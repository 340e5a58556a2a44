import type { Filter, Scalar, SortKey } from './Store';

/**
 * The filter for "rows strictly after `position` in `sort` order": the heart of keyset
 * pagination, so a page costs an index seek plus the page, whatever the offset.
 *
 * `position` holds one value per sort key (the last key must be the unique `_id`). Missing
 * values are `null`, and null sorts first ascending and last descending, as in MongoDB and
 * SQLite. To page backwards, ask for rows after the position in the reversed order.
 * `present` names fields every document has (never null), which makes tighter bounds exact.
 *
 * With several keys the disjunction alone does not tell a database where to start reading,
 * so a range on the first key (`>=`, or `<=` descending) leads it: an index on the sort keys
 * then seeks to the position instead of scanning from the start.
 */
export function keysetAfter(
  sort: SortKey[],
  position: Scalar[],
  present: ReadonlySet<string> = PRESENT_ALWAYS,
): Filter {
  if (position.length !== sort.length) {
    throw new Error(`keyset position has ${position.length} values for ${sort.length} sort keys`);
  }
  const branches: Filter[] = [];
  for (let i = 0; i < sort.length; i++) {
    const after = strictlyAfter(sort[i], position[i], present.has(sort[i].field));
    if (after === null) continue;
    const equalBefore: Filter[] = sort.slice(0, i).map((key, j) => ({ [key.field]: { $eq: position[j] } }));
    branches.push(equalBefore.length === 0 ? after : { $and: [...equalBefore, after] });
  }
  const lead = sort.length > 1 ? leadingRange(sort[0], position[0], present.has(sort[0].field)) : null;
  return lead ? { $and: [lead, { $or: branches }] } : { $or: branches };
}

/** `_id` is on every document. */
const PRESENT_ALWAYS: ReadonlySet<string> = new Set(['_id']);

function leadingRange(key: SortKey, value: Scalar, present: boolean): Filter | null {
  if (value === null) return null;
  if (key.direction === 1) return { [key.field]: { $gte: value } };
  return present ? { [key.field]: { $lte: value } } : null;
}

export function reverseSort(sort: SortKey[]): SortKey[] {
  return sort.map((key) => ({ field: key.field, direction: key.direction === 1 ? -1 : 1 }));
}

/** Values of one key that sort strictly after `value`; `null` when nothing can. */
function strictlyAfter(key: SortKey, value: Scalar, present: boolean): Filter | null {
  const { field, direction } = key;
  if (direction === 1) {
    return value === null ? { [field]: { $ne: null } } : { [field]: { $gt: value } };
  }
  if (value === null) return null;
  return present ? { [field]: { $lt: value } } : { $or: [{ [field]: { $lt: value } }, { [field]: { $eq: null } }] };
}
