import { userError } from '../errors';
import { MAX_PAGE_SIZE } from './pageSize';

/** How deep `AND`/`OR`/`NOT` may nest in one `where` (the top level is 1): docs/limits.md. */
export const MAX_WHERE_DEPTH = 10;

/**
 * How many conditions one `where` may hold: each field filter counts one, and so does each
 * entry of `AND`/`OR` and a `NOT` (docs/limits.md). Twice the list limit, so an `OR` of 100 field
 * filters fits.
 */
export const MAX_WHERE_CONDITIONS = 200;

/**
 * What one text test (`contains`, `startsWith`) adds to a query's cost (docs/limits.md). It reads
 * its field on every object it passes until a page is full, however many that takes, so it is
 * priced as a full page of objects (`MAX_PAGE_SIZE`) on top of counting as a condition; the
 * request's `MAX_TEXT_SCAN_BYTES` bounds what it really reads.
 */
export const TEXT_CONDITION_COST = MAX_PAGE_SIZE;

const TEXT_OPERATORS: ReadonlySet<string> = new Set(['contains', 'startsWith']);

export interface WhereSize {
  conditions: number;
  depth: number;
  /** The text tests among the conditions' operators. */
  textConditions: number;
  /** The length of the longest text test's pattern (0 without one). */
  longestPattern: number;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Counts a `where` value without recursion, so a filter nested thousands deep is measured,
 * not a stack overflow. Stops once past either limit: beyond that, the exact size is moot.
 */
export function measureWhere(where: unknown): WhereSize {
  let conditions = 0;
  let depth = 0;
  let textConditions = 0;
  let longestPattern = 0;
  const pending: [unknown, number][] = [[where, 1]];
  while (pending.length > 0 && depth <= MAX_WHERE_DEPTH && conditions <= MAX_WHERE_CONDITIONS) {
    const [node, level] = pending.pop()!;
    if (!isObject(node)) continue;
    depth = Math.max(depth, level);
    for (const [key, value] of Object.entries(node)) {
      if (value == null) continue;
      if (key === 'AND' || key === 'OR' || key === 'NOT') {
        for (const entry of Array.isArray(value) ? value : [value]) {
          conditions += 1;
          pending.push([entry, level + 1]);
        }
      } else {
        conditions += 1;
        if (isObject(value))
          for (const [operator, operand] of Object.entries(value)) {
            if (operand == null || !TEXT_OPERATORS.has(operator)) continue;
            textConditions += 1;
            if (typeof operand === 'string') longestPattern = Math.max(longestPattern, operand.length);
          }
      }
    }
  }
  return { conditions, depth, textConditions, longestPattern };
}

/** What a `where` adds to the cost of the field that takes it: its conditions, and its text tests priced as pages. */
export function whereCost(where: unknown): number {
  const { conditions, textConditions } = measureWhere(where);
  return conditions + textConditions * TEXT_CONDITION_COST;
}

/** Refuses a `where` past `MAX_WHERE_DEPTH` or `MAX_WHERE_CONDITIONS`; returns its size. */
export function assertWhereSize(where: unknown): WhereSize {
  const size = measureWhere(where);
  const { conditions, depth } = size;
  if (depth > MAX_WHERE_DEPTH) {
    throw userError('BAD_USER_INPUT', `where nests AND/OR/NOT deeper than ${MAX_WHERE_DEPTH} levels`, {
      limit: MAX_WHERE_DEPTH,
    });
  }
  if (conditions > MAX_WHERE_CONDITIONS) {
    throw userError('BAD_USER_INPUT', `where holds more than ${MAX_WHERE_CONDITIONS} conditions`, {
      limit: MAX_WHERE_CONDITIONS,
    });
  }
  return size;
}
