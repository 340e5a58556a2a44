import type Database from 'better-sqlite3';
import type { ReadBudget } from '../ReadBudget';

/** The SQL functions `$contains` and `$startsWith` compile to (`toSql`), on UTF-8 bytes. */
export const CONTAINS_FUNCTION = 'gk_contains';
export const STARTS_WITH_FUNCTION = 'gk_starts_with';

/** The budget of the statement running on a connection, if it has one (set by `metered`). */
export interface ScanMeter {
  budget?: ReadBudget;
}

/**
 * Registers the text operators on a connection. SQLite's own `instr` compares the pattern at
 * every offset (a 32 KB pattern over 64 KB values cost seconds per request); Node's
 * `Buffer.indexOf` is a Boyer-Moore search, linear in the value. Each test counts the value's
 * length against the statement's budget, so no request scans past its allowance
 * (docs/limits.md, `MAX_TEXT_SCAN_BYTES`): the throw ends the statement.
 */
export function registerTextOperators(db: Database.Database, meter: ScanMeter): void {
  const test =
    (matches: (value: Buffer, pattern: Buffer) => boolean) =>
    (value: unknown, pattern: unknown): number | null => {
      // NULL in, NULL out, as instr does: a missing field matches neither the test nor its NOT.
      if (!Buffer.isBuffer(value) || !Buffer.isBuffer(pattern)) return null;
      meter.budget?.spendText(value.length);
      return matches(value, pattern) ? 1 : 0;
    };
  db.function(
    CONTAINS_FUNCTION,
    test((value, pattern) => value.indexOf(pattern) >= 0),
  );
  db.function(
    STARTS_WITH_FUNCTION,
    test((value, pattern) => value.length >= pattern.length && value.subarray(0, pattern.length).equals(pattern)),
  );
}

/** Runs one statement under `budget` (none: unbounded). Statements run to the end synchronously, so one meter per connection is enough. */
export function metered<T>(meter: ScanMeter, budget: ReadBudget | undefined, run: () => T): T {
  meter.budget = budget;
  try {
    return run();
  } finally {
    meter.budget = undefined;
  }
}
