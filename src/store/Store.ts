import type { FileStore } from './files/FileStore';
import type { ReadBudget } from './ReadBudget';

/**
 * The storage port. Everything above `src/store/` talks to a database only through this
 * interface, so resolvers and the permission layer never know which adapter runs.
 *
 * Documents are plain JSON objects with a string `_id`. Values are JSON values only:
 * DateTime is stored as an ISO-8601 string (UTC, millisecond precision, so it sorts as text),
 * and a field that is "cleared" is removed from the document, never stored as `null`
 * (so a sparse unique index treats it the same way on every adapter).
 */

export type Scalar = string | number | boolean | null;

export interface StoredDoc {
  _id: string;
  [field: string]: unknown;
}

/**
 * Conditions on one field. A MongoDB operator subset plus two text operators that MongoDB
 * spells as anchored/escaped `$regex`; the Mongo adapter translates them.
 *
 * Null semantics follow MongoDB: `{ $eq: null }` matches a missing field, `$ne`/`$nin`
 * match documents where the field is missing, and the range operators never match a
 * missing field.
 */
export interface FieldCondition {
  $eq?: Scalar;
  $ne?: Scalar;
  $in?: Scalar[];
  $nin?: Scalar[];
  $lt?: Scalar;
  $lte?: Scalar;
  $gt?: Scalar;
  $gte?: Scalar;
  /** Case-sensitive substring match on a string field. */
  $contains?: string;
  /** Case-sensitive prefix match on a string field. */
  $startsWith?: string;
  /**
   * A semi-join: the field's value is among the `field` values of the `collection` documents
   * that match `filter` (which may hold semi-joins of its own). A missing field never matches.
   * This is how a condition that crosses collections (a RELATION rule's hops, the members of a
   * many-to-many link) stays inside the one query, exact, with no list of ids in between.
   * SQLite runs it as a correlated `EXISTS (…)` in a page (the outer rows drive, in sort order)
   * and as `IN (SELECT …)` in a count; MongoDB as an aggregation (`$lookup` on `field`, which
   * should be indexed). `matchesFilter` cannot evaluate it in memory; `matchesFilterWithStore` can.
   */
  $inSelect?: SemiJoin;
}

/** The other side of a `$inSelect`: which values of which documents. */
export interface SemiJoin {
  collection: string;
  field: string;
  filter: Filter;
}

/**
 * A store-neutral filter. Keys are field names (top-level only; `_id` is the primary key)
 * mapped to a `FieldCondition`, or the logical operators. An empty object matches
 * everything. `{ $or: [] }` matches nothing (as in MongoDB it is rejected there, so
 * adapters must treat it specially): use `MATCH_NOTHING` to say "no document".
 */
export interface Filter {
  $and?: Filter[];
  $or?: Filter[];
  $nor?: Filter[];
  [field: string]: FieldCondition | Filter[] | undefined;
}

export const MATCH_ALL: Filter = {};
export const MATCH_NOTHING: Filter = { _id: { $in: [] } };

export type SortDirection = 1 | -1;
export interface SortKey {
  field: string;
  direction: SortDirection;
}

export interface FindQuery {
  filter: Filter;
  /** Applied in order; adapters add nothing. Callers end it with `_id` so order is total. */
  sort: SortKey[];
  limit: number;
}

/**
 * Which group each document of a grouped query belongs to: the value of one of its own fields
 * (`{ field: 'post' }`: comments by post), or the links of a many-to-many collection that point
 * at it (`through`: tags by post, where each link holds the post in `group` and the tag's `_id`
 * in `target`, and only links matching `filter` count).
 */
export type GroupBy =
  { field: string } | { through: { collection: string; group: string; target: string; filter: Filter } };

export interface GroupedQuery {
  groupBy: GroupBy;
  /** The groups wanted; a document in no listed group is left out. */
  groups: readonly string[];
  filter: Filter;
}

export interface GroupedFindQuery extends GroupedQuery {
  /** Applied within each group; callers end it with `_id` so order is total. */
  sort: SortKey[];
  /** Per group. */
  limit: number;
}

/** One document of a grouped result, with its group (a document in two groups comes twice). */
export interface GroupedDoc {
  group: string;
  doc: StoredDoc;
}

/** A partial update: `set` writes fields, `unset` removes them. */
export interface Update {
  set?: Record<string, unknown>;
  unset?: string[];
}

export interface IndexSpec {
  /** Fields in order; a compound index when more than one. */
  fields: string[];
  unique?: boolean;
}

export interface CollectionSpec {
  name: string;
  indexes: IndexSpec[];
  /**
   * Fields whose per-value document counts the store keeps with the writes, so a count
   * filtered by equality on one of them (the objects that reference one user) is one read
   * at any size. A hint: adapters may ignore it. MongoDB does, counting with
   * `countDocuments` on the field's index.
   */
  countedFields?: string[];
}

/** Thrown by `insert`/`update` when a unique index refuses the write. */
export class UniqueViolation extends Error {
  constructor(
    readonly collection: string,
    readonly fields: string[],
  ) {
    super(`unique index on ${collection}(${fields.join(', ')}) refused the write`);
    this.name = 'UniqueViolation';
  }
}

/**
 * One committed write to one document (docs/subscriptions.md): `before` is null for an insert, `after` is
 * null for a delete. Link documents of many-to-many relations are documents too, so adding
 * or removing a link is an insert or a delete in the link collection.
 */
export interface ChangeEvent {
  collection: string;
  id: string;
  before: StoredDoc | null;
  after: StoredDoc | null;
  /**
   * The commit the write belongs to, shared by every write of one transaction (a delete and the
   * links that go with it): together they are the change record of that commit, whose `before`
   * documents say what the commit removed.
   */
  commit: string;
}

/**
 * Receives committed changes in batches, in commit order. A batch holds whole commits, never
 * part of one, and the writes of one commit are adjacent. Must not throw.
 */
export type ChangeListener = (events: ChangeEvent[]) => void;

/**
 * The operations every adapter offers; `Store` adds lifecycle and transactions.
 *
 * The reads that take a filter also take the `ReadBudget` of the request they serve: a read
 * that goes past it throws `ReadBudgetExceeded` and returns nothing (docs/limits.md). Without
 * one, a read is the server's own (start-up, the CLI) and unbounded.
 */
export interface StoreOperations {
  find(collection: string, query: FindQuery, budget?: ReadBudget): Promise<StoredDoc[]>;
  findByIds(collection: string, ids: readonly string[]): Promise<StoredDoc[]>;
  count(collection: string, filter: Filter, budget?: ReadBudget): Promise<number>;
  /**
   * The first `limit` documents of each group, in `sort` order, in one query: the first pages
   * of many parents' connections at once (a page of posts, each with its first comments).
   */
  findGrouped(collection: string, query: GroupedFindQuery, budget?: ReadBudget): Promise<GroupedDoc[]>;
  /** How many documents each group holds, in one query; groups with none are left out. */
  countGrouped(collection: string, query: GroupedQuery, budget?: ReadBudget): Promise<Map<string, number>>;
  insert(collection: string, doc: StoredDoc): Promise<void>;
  /** Returns whether a document with that id existed. */
  update(collection: string, id: string, update: Update): Promise<boolean>;
  /** Returns how many documents were removed. */
  deleteMany(collection: string, filter: Filter): Promise<number>;
}

export interface Store extends StoreOperations {
  readonly kind: 'sqlite' | 'mongo';
  /** Uploaded files' bytes (docs/files.md): outside transactions, so callers remove what a failed write left. */
  readonly files: FileStore;
  /** Creates collections and indexes that do not exist yet; safe to call on every start. */
  ensureCollections(specs: CollectionSpec[]): Promise<void>;
  /**
   * Runs `work` atomically: every write through `tx` lands, or none does. Reads through `tx`
   * see the transaction's own writes; reads on the store itself see only committed data.
   * Inside `work`, write only through `tx` (the embedded adapter makes other writes wait for
   * the transaction to end), and do not start another transaction.
   */
  transaction<T>(work: (tx: StoreOperations) => Promise<T>): Promise<T>;
  /**
   * Calls `listener` with every write committed after the call, by this process or any other
   * sharing the database, in commit order, at least once. Nothing older is replayed: a
   * restarted server starts from the current end of the feed. Returns a function that stops.
   */
  watchChanges(listener: ChangeListener): () => void;
  /** Resolves when the database answers; used by `/healthz`. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
