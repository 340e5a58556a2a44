import { matchesFilter } from './matchesFilter';
import type { SemiJoinProbe } from './semiJoinProbe';
import type { FieldCondition, Filter, Scalar, StoredDoc } from './Store';

/**
 * Evaluates a port `Filter` against one document, with the semantics the adapters give it,
 * including semi-joins (`$inSelect`), which no document in hand can answer: each one the
 * evaluation reaches becomes one store query of at most one row ("is this value among the
 * `field` values of the documents matching the inner filter?"), through the indexes. Everything
 * else is decided in memory; `$and`/`$or` stop at the first answer, so a filter without
 * semi-joins costs no store call at all.
 *
 * For callers that judge single objects against compiled rules: a mutation's target, or an
 * event a subscription is about to deliver (docs/permissions.md#what-each-operation-checks). `doc` may be an object not stored yet
 * (the state an update would leave); only the inner collections are read.
 */
export async function matchesFilterWithStore(probe: SemiJoinProbe, filter: Filter, doc: StoredDoc): Promise<boolean> {
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    if (key === '$and') {
      for (const child of value as Filter[]) if (!(await matchesFilterWithStore(probe, child, doc))) return false;
    } else if (key === '$or' || key === '$nor') {
      let some = false;
      for (const child of value as Filter[]) if ((some = await matchesFilterWithStore(probe, child, doc))) break;
      if (some !== (key === '$or')) return false;
    } else {
      const { $inSelect: join, ...rest } = value as FieldCondition;
      if (!matchesFilter({ [key]: rest }, doc)) return false;
      if (join && !(await inSelect(probe, join, doc[key]))) return false;
    }
  }
  return true;
}

/** Whether a filter holds a semi-join anywhere, i.e. whether `matchesFilter` alone can decide it. */
export function hasSemiJoin(filter: Filter): boolean {
  return Object.entries(filter).some(([key, value]) => {
    if (value === undefined) return false;
    if (key === '$and' || key === '$or' || key === '$nor') return (value as Filter[]).some(hasSemiJoin);
    return (value as FieldCondition).$inSelect !== undefined;
  });
}

async function inSelect(
  probe: SemiJoinProbe,
  join: FieldCondition['$inSelect'] & object,
  value: unknown,
): Promise<boolean> {
  // A missing field never matches a semi-join, as `NULL IN (…)` never holds in SQL.
  if (value === undefined || value === null || typeof value === 'object') return false;
  return probe.inSelect(join, value as Scalar);
}
