import { userError } from '../errors';
import { ReadBudgetExceeded, type ReadBudget } from '../store/ReadBudget';

/** The settings that size a request's `ReadBudget` (docs/limits.md), named in its errors. */
export const READ_LIMIT_SETTINGS = {
  textScanBytes: 'MAX_TEXT_SCAN_BYTES',
  maxTimeMs: 'MONGO_MAX_TIME_MS',
  textPatternLength: 'MAX_TEXT_PATTERN_LENGTH',
} as const;

/** A read stopped by the request's budget, as the BAD_USER_INPUT the client sees; other errors pass unchanged. */
export function readLimitError(error: unknown): unknown {
  if (!(error instanceof ReadBudgetExceeded)) return error;
  const setting = READ_LIMIT_SETTINGS[error.allowance];
  const message =
    error.allowance === 'textScanBytes'
      ? `the text filters (contains, startsWith) of this client's requests read more than ${error.limit} bytes of stored text ` +
        `within a second (${setting}); add a condition that narrows the objects first, filter a smaller set, or wait a second`
      : `a read of this request took longer than ${error.limit} ms (${setting}); narrow its filter`;
  return userError('BAD_USER_INPUT', message, { limit: error.limit, setting });
}

/**
 * Refuses a filter whose longest `contains`/`startsWith` pattern is past the limit, or whose
 * client has spent its scanning allowance (the read would be refused anyway, after the work
 * of building it).
 */
export function assertTextFilters(longestPattern: number, budget: ReadBudget): void {
  const limit = budget.limits.textPatternLength;
  if (longestPattern > limit) {
    throw userError(
      'BAD_USER_INPUT',
      `a contains/startsWith pattern of this where is ${longestPattern} characters long, above the limit of ${limit} (${READ_LIMIT_SETTINGS.textPatternLength})`,
      { limit, setting: READ_LIMIT_SETTINGS.textPatternLength },
    );
  }
  try {
    budget.assertTextAllowed();
  } catch (error) {
    throw readLimitError(error);
  }
}
