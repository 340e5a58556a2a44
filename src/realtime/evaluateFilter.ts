import { matchesFilter } from '../store/matchesFilter';
import type { Filter } from '../store/Store';
import type { StoredDoc } from '../store/Store';

/** The operators `matchesFilter` evaluates exactly as the adapters do. */
const IN_MEMORY_OPERATORS = new Set([
  '$eq',
  '$ne',
  '$in',
  '$nin',
  '$lt',
  '$lte',
  '$gt',
  '$gte',
  '$contains',
  '$startsWith',
]);

/**
 * Judges a store filter against one document in memory where it can: true, false, or
 * undefined when some condition needs data the document does not carry (a condition kind
 * the in-memory matcher does not know, such as a join to another collection). An undefined
 * part decides nothing by itself: `{ $or: [true, ?] }` is still true, `{ $and: [false, ?] }`
 * still false. The caller asks the store about what stays undefined.
 */
export function evaluateFilter(filter: Filter, doc: StoredDoc): boolean | undefined {
  let unknown = false;
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    let verdict: boolean | undefined;
    if (key === '$and') verdict = all((value as Filter[]).map((f) => evaluateFilter(f, doc)));
    else if (key === '$or') verdict = some((value as Filter[]).map((f) => evaluateFilter(f, doc)));
    else if (key === '$nor') verdict = not(some((value as Filter[]).map((f) => evaluateFilter(f, doc))));
    else verdict = evaluatesInMemory(key, value) ? matchesFilter({ [key]: value }, doc) : undefined;
    if (verdict === false) return false;
    if (verdict === undefined) unknown = true;
  }
  return unknown ? undefined : true;
}

function evaluatesInMemory(key: string, condition: unknown): boolean {
  if (key.startsWith('$') || key.includes('.')) return false;
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) return false;
  return Object.keys(condition).every((operator) => IN_MEMORY_OPERATORS.has(operator));
}

function all(verdicts: (boolean | undefined)[]): boolean | undefined {
  if (verdicts.includes(false)) return false;
  return verdicts.includes(undefined) ? undefined : true;
}

function some(verdicts: (boolean | undefined)[]): boolean | undefined {
  if (verdicts.includes(true)) return true;
  return verdicts.includes(undefined) ? undefined : false;
}

function not(verdict: boolean | undefined): boolean | undefined {
  return verdict === undefined ? undefined : !verdict;
}
