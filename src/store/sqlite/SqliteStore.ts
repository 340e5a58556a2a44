import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { DiskFileStore } from '../files/DiskFileStore';
import type { FileStore } from '../files/FileStore';
import type {
  ChangeListener,
  CollectionSpec,
  Filter,
  FindQuery,
  GroupedDoc,
  GroupedFindQuery,
  GroupedQuery,
  Store,
  StoreOperations,
  StoredDoc,
  Update,
} from '../Store';
import { UniqueViolation } from '../Store';
import { IndexBuildRefused } from '../IndexBuildRefused';
import { pageSemiJoins, type SetSizes } from './semiJoinPlan';
import { boundedCountSql, countedEquality, countSql, fieldExpression, filterToSql, findSql, tableName } from './toSql';
import {
  createTableSql,
  indexNamePrefix,
  indexSql,
  keptCountSql,
  keptValueCountSql,
  needsUpgrade,
  seedValueCountSql,
  upgradeTableSql,
  VALUE_COUNTS_SEEDED_TABLE,
  valueCountTablesSql,
} from './schemaSql';
import { TransactionLock } from './TransactionLock';
import { beginCommitSql, ChangeLogTail, changeTriggersSql, ensureChangeLog, trimChangeLogSql } from './changeLog';
import { countGroupedSql, findGroupedSql } from './groupedSql';
import type { ReadBudget } from '../ReadBudget';
import { metered, registerTextOperators, type ScanMeter } from './textOperators';

type Row = { id: string; doc: string };
type CountedFields = Map<string, Set<string>>;

/**
 * The embedded adapter: one table per collection, `(id TEXT PRIMARY KEY, doc TEXT)` with the
 * document as JSON and expression indexes on the fields queries use. Two connections to one
 * WAL file: writes and transactions go through `db`, one transaction at a time (the lock);
 * reads go through `reader`, which sees only committed data, so nobody reads a half-done
 * write and reads never wait, as with MongoDB's reads outside a session.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly lock = new TransactionLock();
  private readonly ops: StoreOperations;
  private readonly reads: StoreOperations;
  private readonly changes: ChangeLogTail;
  private readonly beginCommit: Database.Statement;
  /** The fields whose per-value counts are kept, by collection; known once `ensureCollections` commits. */
  private readonly countedFields: CountedFields = new Map();

  constructor(
    private readonly db: Database.Database,
    private readonly reader: Database.Database,
    readonly files: FileStore,
  ) {
    // The log and its commit counter exist before the first write, whoever calls first.
    db.transaction(() => ensureChangeLog(db)).immediate();
    this.beginCommit = db.prepare(beginCommitSql());
    this.ops = new SqliteOperations(db, this.countedFields);
    this.reads = new SqliteOperations(reader, this.countedFields);
    this.changes = new ChangeLogTail(reader, (olderThan) => {
      void this.lock.idle().then(() => this.db.prepare(trimChangeLogSql()).run(olderThan));
    });
  }

  async ensureCollections(specs: CollectionSpec[]): Promise<void> {
    await this.lock.idle();
    this.db
      .transaction(() => {
        ensureChangeLog(this.db);
        for (const sql of valueCountTablesSql()) this.db.exec(sql);
        const markSeeded = this.db.prepare(
          `INSERT OR IGNORE INTO ${VALUE_COUNTS_SEEDED_TABLE} (collection, field) VALUES (?, ?)`,
        );
        const tableSql = this.db.prepare(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`).pluck();
        for (const spec of specs) {
          if (needsUpgrade(tableSql.get(`c_${checked(spec.name)}`) as string | undefined)) {
            for (const sql of upgradeTableSql(spec.name)) this.db.exec(sql);
          }
          this.db.exec(createTableSql(spec.name));
          for (const index of spec.indexes) {
            try {
              this.db.exec(indexSql(spec.name, index));
            } catch (error) {
              if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
                throw new IndexBuildRefused(spec.name, index.fields, 'duplicates');
              throw error;
            }
          }
          for (const sql of changeTriggersSql(spec.name)) this.db.exec(sql);
          for (const sql of keptCountSql(checked(spec.name))) this.db.exec(sql);
          for (const field of spec.countedFields ?? []) {
            if (markSeeded.run(spec.name, checked(field)).changes === 1) {
              for (const sql of seedValueCountSql(spec.name, field)) this.db.exec(sql);
            }
            for (const sql of keptValueCountSql(spec.name, field)) this.db.exec(sql);
          }
        }
      })
      .immediate();
    for (const spec of specs) {
      const fields = this.countedFields.get(spec.name) ?? new Set<string>();
      for (const field of spec.countedFields ?? []) fields.add(field);
      this.countedFields.set(spec.name, fields);
    }
  }

  find(collection: string, query: FindQuery, budget?: ReadBudget) {
    return this.reads.find(collection, query, budget);
  }
  findByIds(collection: string, ids: readonly string[]) {
    return this.reads.findByIds(collection, ids);
  }
  count(collection: string, filter: Filter, budget?: ReadBudget) {
    return this.reads.count(collection, filter, budget);
  }
  findGrouped(collection: string, query: GroupedFindQuery, budget?: ReadBudget) {
    return this.reads.findGrouped(collection, query, budget);
  }
  countGrouped(collection: string, query: GroupedQuery, budget?: ReadBudget) {
    return this.reads.countGrouped(collection, query, budget);
  }
  // A single write is a transaction of its own, so its log rows carry a commit number too.
  insert(collection: string, doc: StoredDoc) {
    return this.transaction((tx) => tx.insert(collection, doc));
  }
  update(collection: string, id: string, update: Update) {
    return this.transaction((tx) => tx.update(collection, id, update));
  }
  deleteMany(collection: string, filter: Filter) {
    return this.transaction((tx) => tx.deleteMany(collection, filter));
  }
  /** Local subscribers hear of a commit at once (the change log's poll is for other processes). */
  private readonly wrote = () => this.changes.nudge();

  async transaction<T>(work: (tx: StoreOperations) => Promise<T>): Promise<T> {
    return this.lock.hold(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        this.beginCommit.run();
        const result = await work(this.ops);
        this.db.exec('COMMIT');
        this.wrote();
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  watchChanges(listener: ChangeListener): () => void {
    return this.changes.watch(listener);
  }

  async ping(): Promise<void> {
    this.reader.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    await this.lock.idle();
    this.changes.stop();
    this.reader.close();
    this.db.close();
  }
}

class SqliteOperations implements StoreOperations {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly meter: ScanMeter = {};

  constructor(
    private readonly db: Database.Database,
    private readonly countedFields: CountedFields,
  ) {
    registerTextOperators(db, this.meter);
  }

  /** Statements are cached by text: the filters of one app repeat a handful of shapes. */
  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (this.statements.size > 1000) this.statements.clear();
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async find(collection: string, query: FindQuery, budget?: ReadBudget): Promise<StoredDoc[]> {
    return metered(this.meter, budget, () => {
      const { sql, params } = findSql(
        collection,
        query,
        pageSemiJoins(collection, query.filter, query.limit, this.sizes),
      );
      return (this.statement(sql).all(...params) as Row[]).map(toDoc);
    });
  }

  /** The bounded counts `pageSemiJoins` decides by: kept counts where they answer, else a capped `count(*)`. */
  private readonly sizes: SetSizes = {
    total: (collection) => this.countNow(collection, {}),
    atMost: (collection, filter, bound) => {
      const counted = this.countedFields.get(collection);
      if (countedEquality(filter, counted ?? new Set())) return this.countNow(collection, filter);
      const { sql, params } = boundedCountSql(collection, filter, bound);
      return (this.statement(sql).get(...params) as { n: number }).n;
    },
  };

  private countNow(collection: string, filter: Filter): number {
    const { sql, params } = countSql(collection, filter, this.countedFields.get(collection));
    return (this.statement(sql).get(...params) as { n: number }).n;
  }

  async findByIds(collection: string, ids: readonly string[]): Promise<StoredDoc[]> {
    if (ids.length === 0) return [];
    const sql = `SELECT id, doc FROM ${table(collection)} WHERE id IN (SELECT value FROM json_each(?))`;
    return (this.statement(sql).all(JSON.stringify(ids)) as Row[]).map(toDoc);
  }

  async count(collection: string, filter: Filter, budget?: ReadBudget): Promise<number> {
    return metered(this.meter, budget, () => this.countNow(collection, filter));
  }

  async findGrouped(collection: string, query: GroupedFindQuery, budget?: ReadBudget): Promise<GroupedDoc[]> {
    if (query.groups.length === 0 || query.limit <= 0) return [];
    const { sql, params } = findGroupedSql(collection, query);
    const rows = metered(this.meter, budget, () => this.statement(sql).all(...params)) as (Row & {
      gk_group: string;
    })[];
    return rows.map((row) => ({ group: row.gk_group, doc: toDoc(row) }));
  }

  async countGrouped(collection: string, query: GroupedQuery, budget?: ReadBudget): Promise<Map<string, number>> {
    if (query.groups.length === 0) return new Map();
    const { sql, params } = countGroupedSql(collection, query, this.countedFields.get(collection));
    const rows = metered(this.meter, budget, () => this.statement(sql).all(...params)) as {
      gk_group: string;
      n: number;
    }[];
    return new Map(rows.map((row) => [row.gk_group, row.n]));
  }

  async insert(collection: string, doc: StoredDoc): Promise<void> {
    const { _id, ...fields } = doc;
    this.write(collection, () =>
      this.statement(`INSERT INTO ${table(collection)} (id, doc) VALUES (?, ?)`).run(_id, JSON.stringify(fields)),
    );
  }

  async update(collection: string, id: string, update: Update): Promise<boolean> {
    // An undefined value means "not given", as in JSON; it must not be stored as null.
    const set = Object.entries(update.set ?? {}).filter(([, value]) => value !== undefined);
    const unset = update.unset ?? [];
    if (set.length === 0 && unset.length === 0) {
      return this.statement(`SELECT 1 FROM ${table(collection)} WHERE id = ?`).get(id) !== undefined;
    }
    let expression = 'doc';
    const params: unknown[] = [];
    if (set.length > 0) {
      expression = `json_set(${expression}, ${set.map(([field]) => `'$.${checked(field)}', json(?)`).join(', ')})`;
      for (const [, value] of set) params.push(JSON.stringify(value));
    }
    if (unset.length > 0)
      expression = `json_remove(${expression}, ${unset.map((f) => `'$.${checked(f)}'`).join(', ')})`;
    const result = this.write(collection, () =>
      this.statement(`UPDATE ${table(collection)} SET doc = ${expression} WHERE id = ?`).run(...params, id),
    );
    return result.changes === 1;
  }

  async deleteMany(collection: string, filter: Filter): Promise<number> {
    const where = filterToSql(filter);
    return this.statement(`DELETE FROM ${table(collection)} WHERE ${where.sql}`).run(...where.params).changes;
  }

  private write(collection: string, run: () => Database.RunResult): Database.RunResult {
    try {
      return run();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new UniqueViolation(collection, uniqueFields(collection, (error as Error).message));
      }
      throw error;
    }
  }
}

function table(collection: string): string {
  return tableName(collection);
}

function checked(name: string): string {
  fieldExpression(name); // throws on anything that is not a plain identifier
  return name;
}

function toDoc(row: Row): StoredDoc {
  return { _id: row.id, ...(JSON.parse(row.doc) as Record<string, unknown>) };
}

/** SQLite names the index that refused: "UNIQUE constraint failed: index 'gk_User__username_unique'". */
function uniqueFields(collection: string, message: string): string[] {
  const prefix = `index '${indexNamePrefix(collection)}`;
  const at = message.indexOf(prefix);
  if (at < 0) return ['_id'];
  const name = message.slice(at + prefix.length, message.indexOf("'", at + prefix.length));
  return name.replace(/_unique$/, '').split('__');
}

export function openSqliteStore(file: string): SqliteStore {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  const reader = new Database(file, { readonly: true, fileMustExist: true });
  reader.pragma('busy_timeout = 5000');
  // Uploaded files live beside the database, in DATA_DIR/files (docs/files.md).
  return new SqliteStore(db, reader, new DiskFileStore(join(dirname(file), 'files')));
}
