import type Database from 'better-sqlite3';
import type { ChangeEvent, ChangeListener } from '../Store';

/**
 * The embedded store's change feed (docs/subscriptions.md): every write to a collection's table appends a
 * row to one log table, from a trigger, so the row commits or rolls back with the write that
 * made it, whichever process or connection wrote. Every process sharing the file tails the
 * log by polling it; rows are numbered in commit order (SQLite has one writer at a time).
 * Each row names its commit (`txn`): every write transaction first bumps a counter, and the
 * triggers copy it, so the rows of one transaction form that commit's change record.
 */
export const CHANGE_LOG_TABLE = 'gk_changes';
/** One row, one number: the commit the current write transaction is. */
export const COMMIT_COUNTER_TABLE = 'gk_commit';

/** How often a process reads the log's new rows: the feed's latency floor. */
export const CHANGE_POLL_INTERVAL_MS = 20;
/** Rows read per poll; a longer backlog is read over the next polls, in order, each ending at a commit's end. */
export const CHANGE_POLL_BATCH = 500;
/** Rows older than this are deleted; a process that falls further behind misses them. */
export const CHANGE_LOG_RETENTION_MS = 5 * 60_000;
const TRIM_INTERVAL_MS = 60_000;

/** `now` in epoch milliseconds, in SQLite. */
const NOW_MS = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

export function createChangeLogSql(): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS ${CHANGE_LOG_TABLE} (seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL,
      collection TEXT NOT NULL, id TEXT NOT NULL, before TEXT, after TEXT, txn INTEGER)`,
    `CREATE INDEX IF NOT EXISTS ${CHANGE_LOG_TABLE}_at ON ${CHANGE_LOG_TABLE} (at)`,
    `CREATE TABLE IF NOT EXISTS ${COMMIT_COUNTER_TABLE} (one INTEGER PRIMARY KEY CHECK (one = 1), n INTEGER NOT NULL)`,
    `INSERT OR IGNORE INTO ${COMMIT_COUNTER_TABLE} (one, n) VALUES (1, 0)`,
  ];
}

/** Creates the log, or brings one written by an earlier version (without `txn`) up to date. */
export function ensureChangeLog(db: Database.Database): void {
  for (const sql of createChangeLogSql()) db.exec(sql);
  const columns = db.prepare(`SELECT name FROM pragma_table_info('${CHANGE_LOG_TABLE}')`).pluck().all();
  if (!columns.includes('txn')) db.exec(`ALTER TABLE ${CHANGE_LOG_TABLE} ADD COLUMN txn INTEGER`);
}

/** Run first in every write transaction: the rows its triggers log carry the new number. */
export function beginCommitSql(): string {
  return `UPDATE ${COMMIT_COUNTER_TABLE} SET n = n + 1`;
}

/** Triggers that log every insert, update and delete of one collection's table, replacing older ones. */
export function changeTriggersSql(collection: string): string[] {
  const table = `"c_${collection}"`;
  const log = (event: string, before: string, after: string, row: string) => [
    `DROP TRIGGER IF EXISTS "gk_${collection}__log_${event}"`,
    `CREATE TRIGGER "gk_${collection}__log_${event}" AFTER ${event.toUpperCase()} ON ${table} BEGIN
      INSERT INTO ${CHANGE_LOG_TABLE} (at, collection, id, before, after, txn)
      VALUES (${NOW_MS}, '${collection}', ${row}.id, ${before}, ${after}, (SELECT n FROM ${COMMIT_COUNTER_TABLE}));
    END`,
  ];
  return [
    ...log('insert', 'NULL', 'NEW.doc', 'NEW'),
    ...log('update', 'OLD.doc', 'NEW.doc', 'NEW'),
    ...log('delete', 'OLD.doc', 'NULL', 'OLD'),
  ];
}

interface LogRow {
  seq: number;
  collection: string;
  id: string;
  before: string | null;
  after: string | null;
  txn: number | null;
}

export function eventFromRow(row: LogRow): ChangeEvent {
  const doc = (json: string | null) =>
    json === null ? null : { _id: row.id, ...(JSON.parse(json) as Record<string, unknown>) };
  // A row logged before commits were numbered is a commit of its own.
  const commit = row.txn === null ? `row ${row.seq}` : String(row.txn);
  return { collection: row.collection, id: row.id, before: doc(row.before), after: doc(row.after), commit };
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
  private next: Reads | undefined;
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
    const columns = 'seq, collection, id, before, after, txn';
    const next: Reads = {
      batch: this.reader.prepare(`SELECT ${columns} FROM ${CHANGE_LOG_TABLE} WHERE seq > ? ORDER BY seq LIMIT ?`),
      restOfCommit: this.reader.prepare(
        `SELECT ${columns} FROM ${CHANGE_LOG_TABLE} WHERE seq > ? AND txn = ? ORDER BY seq`,
      ),
    };
    this.next = next;
    this.poller = setInterval(() => this.poll(next), CHANGE_POLL_INTERVAL_MS);
    this.poller.unref();
  }

  private poll(next: Reads): void {
    if (this.position === undefined) return;
    const rows = next.batch.all(this.position, CHANGE_POLL_BATCH) as LogRow[];
    const last = rows.at(-1);
    // A full batch may end inside a commit: its other rows are committed too (a commit's rows
    // appear at once), so read them now, and a listener never sees part of a commit.
    if (rows.length === CHANGE_POLL_BATCH && last && last.txn !== null)
      rows.push(...(next.restOfCommit.all(last.seq, last.txn) as LogRow[]));
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

interface Reads {
  batch: Database.Statement;
  restOfCommit: Database.Statement;
}

export function trimChangeLogSql(): string {
  return `DELETE FROM ${CHANGE_LOG_TABLE} WHERE at < ?`;
}
