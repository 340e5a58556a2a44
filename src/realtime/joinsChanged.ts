import type { FieldCondition, Filter, SemiJoin, ChangeEvent } from '../store/Store';
import type { PastStore } from '../store/storeBefore';

/**
 * Whether a commit can change what `filter` says about objects the commit did not write: true
 * when one of its semi-joins (a RELATION hop, a reference's visible target), at any depth, reads
 * a document the commit changed in a way that changes what the join yields (a link added or
 * removed, a hop's reference moved, a document that now matches the join's own filter or no
 * longer does). Otherwise only the commit's own objects can change their answer.
 *
 * `before` and `after` are the store at the two moments of the commit; `changes` its writes.
 */
export async function joinsChanged(
  filter: Filter,
  changes: readonly ChangeEvent[],
  before: PastStore,
  after: PastStore,
): Promise<boolean> {
  for (const join of semiJoinsOf(filter)) {
    if (await joinsChanged(join.filter, changes, before, after)) return true;
    for (const change of changes) {
      if (change.collection !== join.collection) continue;
      const yielded = async (doc: ChangeEvent['before'], at: PastStore) =>
        doc && (await at.matches(join.filter, doc)) ? (doc[join.field] ?? null) : undefined;
      if ((await yielded(change.before, before)) !== (await yielded(change.after, after))) return true;
    }
  }
  return false;
}

/** Compiled filters are shared and never change: their joins are found once. */
const joinsOf = new WeakMap<Filter, SemiJoin[]>();

/** The semi-joins at the top of `filter`, under its logical operators (not those inside a join). */
export function semiJoinsOf(filter: Filter): SemiJoin[] {
  let joins = joinsOf.get(filter);
  if (!joins) joinsOf.set(filter, (joins = findSemiJoins(filter)));
  return joins;
}

function findSemiJoins(filter: Filter): SemiJoin[] {
  const joins: SemiJoin[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    if (key === '$and' || key === '$or' || key === '$nor') joins.push(...(value as Filter[]).flatMap(semiJoinsOf));
    else if ((value as FieldCondition).$inSelect) joins.push((value as FieldCondition).$inSelect!);
  }
  return joins;
}

/** Every collection the semi-joins of `filter` read, at any depth. */
export function collectionsRead(filter: Filter): Set<string> {
  const collections = new Set<string>();
  for (const join of semiJoinsOf(filter)) {
    collections.add(join.collection);
    for (const inner of collectionsRead(join.filter)) collections.add(inner);
  }
  return collections;
}
