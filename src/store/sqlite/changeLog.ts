import type Database from 'better-sqlite3';
import type { ChangeEvent, ChangeListener } from '../Store';

/**
 * The embedded store's change feed (docs/subscriptions.md): every write to a collection's table appends a
 * row to one log table, from a trigger, so the row commits or rolls back with the write that
 * made it, whichever process or connection wrote. Every process sharing the file tails the
 * log by polling it; rows are numbered in commit order (SQLite has one writer at a time).
 */
export const CHANGE_LOG_TABLE = 'gk_changes';

/** How often a process reads the log's new rows: the feed's latency floor. */
export const CHANGE_POLL_INTERVAL_MS = 20;
/** Rows read per poll; a longer backlog is read over the next polls, in order. */
export const CHANGE_POLL_BATCH = 500;
/** Rows older than this are deleted; a process that falls further behind misses them. */
export const CHANGE_LOG_RETENTION_MS = 5 * 60_000;
const TRIM_INTERVAL_MS = 60_000;

/** `now` in epoch milliseconds, in SQLite. */
const NOW_MS = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

export function createChangeLogSql(): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${CHANGE_LOG_TABLE} (seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL,
      collection TEXT NOT NULL, id TEXT NOT NULL, before TEXT, after TEXT)`,
    `CREATE INDEX IF NOT EXISTS ${CHANGE_LOG_TABLE}_at ON ${CHANGE_LOG_TABLE} (at)`,
  ];
}

/** Triggers that log every insert, update and delete of one collection's table. */
export function changeTriggersSql(collection: string): string[] {
  const table = `"c_${collection}"`;
  const log = (event: string, before: string, after: string, row: string) =>
    `CREATE TRIGGER IF NOT EXISTS "gk_${collection}__log_${event}" AFTER ${event.toUpperCase()} ON ${table} BEGIN
      INSERT INTO ${CHANGE_LOG_TABLE} (at, collection, id, before, after) VALUES (${NOW_MS}, '${collection}', ${row}.id, ${before}, ${after});
    END`;
  return [
    log('insert', 'NULL', 'NEW.doc', 'NEW'),
    log('update', 'OLD.doc', 'NEW.doc', 'NEW'),
    log('delete', 'OLD.doc', 'NULL', 'OLD'),
  ];
}

interface LogRow {
  seq: number;
  collection: string;
  id: string;
  before: string | null;
  after: string | null;
}

export function eventFromRow(row: LogRow): ChangeEvent {
  const doc = (json: string | null) =>
    json === null ? null : { _id: row.id, ...(JSON.parse(json) as Record<string, unknown>) };
  return { collection: row.collection, id: row.id, before: doc(row.before), after: doc(row.after) };
}

/**
 * Tails the log for this process's listeners. Starts at the log's current end (no replay
 * after a restart), polls only while someone listens, and trims old rows once a minute.
 */
export class ChangeLogTail {
  private readonly listeners = new Set<ChangeListener>();
  private position: number | undefined;
  private poller: NodeJS.Timeout | undefined;
  private lastTrim = Date.now();
  private next: Database.Statement | undefined;
  private nudged = false;

  constructor(
    private readonly reader: Database.Database,
    /** Runs a write on the writing connection when no transaction holds it. */
    private readonly trim: (olderThanMs: number) => void,
  ) {}

  watch(listener: ChangeListener): () => void {
    if (this.listeners.size === 0) this.start();
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /**
   * This process just committed a write: read the log now instead of at the next tick, so
   * local subscribers do not wait for the poll interval (other processes still do).
   */
  nudge(): void {
    if (this.poller === undefined || this.nudged) return;
    this.nudged = true;
    setImmediate(() => {
      this.nudged = false;
      if (this.next) this.poll(this.next);
    });
  }

  stop(): void {
    if (this.poller) clearInterval(this.poller);
    this.poller = undefined;
    this.position = undefined;
  }

  private start(): void {
    const end = this.reader.prepare(`SELECT coalesce(max(seq), 0) AS seq FROM ${CHANGE_LOG_TABLE}`).get() as {
      seq: number;
    };
    this.position = end.seq;
    const next = this.reader.prepare(
      `SELECT seq, collection, id, before, after FROM ${CHANGE_LOG_TABLE} WHERE seq > ? ORDER BY seq LIMIT ?`,
    );
    this.next = next;
    this.poller = setInterval(() => this.poll(next), CHANGE_POLL_INTERVAL_MS);
    this.poller.unref();
  }

  private poll(next: Database.Statement): void {
    if (this.position === undefined) return;
    const rows = next.all(this.position, CHANGE_POLL_BATCH) as LogRow[];
    if (rows.length > 0) {
      this.position = rows[rows.length - 1].seq;
      const events = rows.map(eventFromRow);
      for (const listener of [...this.listeners]) listener(events);
    }
    if (Date.now() - this.lastTrim > TRIM_INTERVAL_MS) {
      this.lastTrim = Date.now();
      this.trim(Date.now() - CHANGE_LOG_RETENTION_MS);
    }
  }
}

export function trimChangeLogSql(): string {
  return `DELETE FROM ${CHANGE_LOG_TABLE} WHERE at < ?`;
}
