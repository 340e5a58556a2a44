import type { FieldCondition, Filter, Scalar, StoredDoc } from './Store';

/**
 * Evaluates a port `Filter` against one document in memory, with the same semantics the
 * adapters give it in the database. The permission layer uses it to decide about a single
 * object it already holds (a mutation's target), never to filter a list. A filter with a
 * semi-join (`$inSelect`) needs the store: see `matchesFilterWithStore`.
 */
export function matchesFilter(filter: Filter, doc: StoredDoc): boolean {
  return Object.entries(filter).every(([key, value]) => {
    if (value === undefined) return true;
    if (key === '$and') return (value as Filter[]).every((f) => matchesFilter(f, doc));
    if (key === '$or') return (value as Filter[]).some((f) => matchesFilter(f, doc));
    if (key === '$nor') return !(value as Filter[]).some((f) => matchesFilter(f, doc));
    return matchesCondition(value as FieldCondition, normalize(doc[key]));
  });
}

function normalize(value: unknown): Scalar {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

function comparable(a: Scalar, b: Scalar): boolean {
  return a !== null && b !== null && typeof a === typeof b;
}

function matchesCondition(condition: FieldCondition, actual: Scalar): boolean {
  return Object.entries(condition).every(([op, expected]) => {
    switch (op) {
      case '$eq':
        return actual === expected;
      case '$ne':
        return actual !== expected;
      case '$in':
        return (expected as Scalar[]).includes(actual);
      case '$nin':
        return !(expected as Scalar[]).includes(actual);
      case '$lt':
        return comparable(actual, expected as Scalar) && actual! < expected!;
      case '$lte':
        return comparable(actual, expected as Scalar) && actual! <= expected!;
      case '$gt':
        return comparable(actual, expected as Scalar) && actual! > expected!;
      case '$gte':
        return comparable(actual, expected as Scalar) && actual! >= expected!;
      case '$contains':
        return typeof actual === 'string' && actual.includes(expected as string);
      case '$startsWith':
        return typeof actual === 'string' && actual.startsWith(expected as string);
      case '$inSelect':
        throw new Error('a $inSelect needs the store: use matchesFilterWithStore');
      default:
        throw new Error(`unknown filter operator ${op}`);
    }
  });
}
