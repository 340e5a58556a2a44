import { MongoServerError, type ClientSession } from 'mongodb';
import { ReadBudgetExceeded, type ReadBudget } from '../ReadBudget';

/** MongoDB's error for an operation past its `maxTimeMS` (error_codes.yml). */
const MAX_TIME_MS_EXPIRED = 50;

/** The options of one read: its session, if any, and `maxTimeMS` from the request's budget. */
export function readOptions(
  base: { session?: ClientSession },
  budget: ReadBudget | undefined,
): { session?: ClientSession; maxTimeMS?: number } {
  return budget ? { ...base, maxTimeMS: budget.limits.maxTimeMs } : base;
}

/** A read stopped by its `maxTimeMS` as the port's `ReadBudgetExceeded`; null for any other error. */
export function budgetExceededFrom(error: unknown, budget: ReadBudget | undefined): ReadBudgetExceeded | null {
  if (!budget || !(error instanceof MongoServerError) || error.code !== MAX_TIME_MS_EXPIRED) return null;
  return new ReadBudgetExceeded('maxTimeMs', budget.limits.maxTimeMs);
}
