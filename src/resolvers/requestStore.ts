import type { CollectionSpec, Filter, FindQuery, Store, StoreOperations, StoredDoc, Update } from '../store/Store';

/**
 * The store as one request uses it: the same operations, plus how many writes the request has
 * started, so a per-request memo (the counts in `loaders`) knows when its answer may be stale.
 * Mutations run one after another (GraphQL spec, "Normal and Serial Execution"), so a write
 * always lands between a memoised read and the next root field that could read it again.
 */
export class RequestStore implements Store {
  writes = 0;

  constructor(private readonly store: Store) {}

  get kind() { return this.store.kind; }
  find(collection: string, query: FindQuery) { return this.store.find(collection, query); }
  findByIds(collection: string, ids: readonly string[]) { return this.store.findByIds(collection, ids); }
  count(collection: string, filter: Filter) { return this.store.count(collection, filter); }
  insert(collection: string, doc: StoredDoc) { this.writes += 1; return this.store.insert(collection, doc); }
  update(collection: string, id: string, update: Update) { this.writes += 1; return this.store.update(collection, id, update); }
  deleteMany(collection: string, filter: Filter) { this.writes += 1; return this.store.deleteMany(collection, filter); }
  transaction<T>(work: (tx: StoreOperations) => Promise<T>) { this.writes += 1; return this.store.transaction(work); }
  ensureCollections(specs: CollectionSpec[]) { return this.store.ensureCollections(specs); }
  ping() { return this.store.ping(); }
  close() { return this.store.close(); }
}
