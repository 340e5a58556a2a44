import { hasSemiJoin } from '../matchesFilterWithStore';
import type { FieldCondition, Filter, SemiJoin } from '../Store';
import type { SqlScope } from './toSql';

/** A semi-join every matching row must satisfy: one reached from the top through `$and` only. */
export interface RequiredSemiJoin {
  field: string;
  join: SemiJoin;
}

export function requiredSemiJoins(filter: Filter): RequiredSemiJoin[] {
  const found: RequiredSemiJoin[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    if (key === '$and') for (const child of value as Filter[]) found.push(...requiredSemiJoins(child));
    else if (!key.startsWith('$')) {
      const join = (value as FieldCondition).$inSelect;
      if (join) found.push({ field: key, join });
    }
  }
  return found;
}

/** What the plan asks the store: cheap counts, each bounded. */
export interface SetSizes {
  /** How many documents the collection holds (a kept count). */
  total(collection: string): number;
  /** How many documents match `filter`, counted no further than `bound` (a larger answer means "more"). */
  atMost(collection: string, filter: Filter, bound: number): number;
}

/**
 * How a page writes its semi-joins (`SqlScope`); both are exact, they differ in cost.
 * `exists` walks the page's sort index and tests each row, so it costs about
 * `limit × total / matches` rows: cheap when the allowed rows are dense (an owner of half the
 * posts, a tag on every post), ruinous when sparse (the comments on 50 of 100,000 posts).
 * `in` reads the matching rows through the semi-join field's index and sorts them, so it costs
 * about `matches` rows. The two meet near `matches² = limit × total`; `in` is chosen when a
 * required semi-join's inner set and the rows it admits both stay under half that point
 * (per-row costs differ; the half was measured on SQLite), counted with bounds so the probe
 * itself stays cheap. Semi-joins under `$or`, and those whose inner side has a semi-join of its
 * own, are left to `exists`.
 */
export function pageSemiJoins(
  collection: string,
  filter: Filter,
  limit: number,
  sizes: SetSizes,
): SqlScope['semiJoins'] {
  const required = requiredSemiJoins(filter);
  if (required.length === 0) return 'exists';
  const bound = Math.max(limit, Math.ceil(Math.sqrt(limit * sizes.total(collection)) / 2));
  for (const { field, join } of required) {
    // A hop behind a hop (`document.collaborators`) has no cheap size: counting its inner side
    // would read the innermost side whole, on every page. It is walked, as before.
    if (hasSemiJoin(join.filter)) continue;
    if (sizes.atMost(join.collection, join.filter, bound + 1) > bound) continue;
    if (sizes.atMost(collection, { [field]: { $inSelect: join } }, bound + 1) <= bound) return 'in';
  }
  return 'exists';
}
