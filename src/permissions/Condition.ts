import { MATCH_NOTHING, type Filter } from '../store/Store';

/**
 * What a rule set says about a set of objects: all of them, none, or those matching a
 * store filter (docs/permissions.md#what-each-operation-checks: rules compile into the query, never into a post-filter).
 */
export type Condition = { kind: 'allow' } | { kind: 'deny' } | { kind: 'filter'; filter: Filter };

export const ALLOW: Condition = { kind: 'allow' };
export const DENY: Condition = { kind: 'deny' };

export function conditionToFilter(condition: Condition): Filter {
  if (condition.kind === 'allow') return {};
  if (condition.kind === 'deny') return MATCH_NOTHING;
  return condition.filter;
}

/** The union of grants: the most lenient wins (docs/permissions.md#a-rule). */
export function anyOf(conditions: Condition[]): Condition {
  if (conditions.some((c) => c.kind === 'allow')) return ALLOW;
  const filters = conditions.flatMap((c) => (c.kind === 'filter' ? [c.filter] : []));
  if (filters.length === 0) return DENY;
  return { kind: 'filter', filter: filters.length === 1 ? filters[0] : { $or: filters } };
}
