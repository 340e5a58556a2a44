import { MongoClient } from 'mongodb';
import { MongoServerError, type ClientSession, type Collection, type CollectionInfo, type Db } from 'mongodb';
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
import { GridFsFileStore } from '../files/GridFsFileStore';
import { collectionSteps, NAMESPACE_EXISTS } from './collectionSetup';
import { hasSemiJoin } from '../matchesFilterWithStore';
import { indexBuildRefusalFrom } from './indexBuildErrors';
import { MongoChangeFeed } from './MongoChangeFeed';
import { COMMIT_MARKER_INDEX, commitMarker, COMMITS_COLLECTION } from './changeStream';
import { newStoredId } from '../newStoredId';
import { indexSpecs, translateFilter, translateSort, translateUpdate, uniqueViolationFrom } from './translate';
import { semiJoinPipeline } from './translateSemiJoin';
import { countGroupedAggregation, findGroupedAggregation } from './translateGrouped';
import type { ReadBudget } from '../ReadBudget';
import { budgetExceededFrom, readOptions } from './readBudget';

/**
 * The MongoDB adapter: one collection per port collection, under the same name, documents
 * stored as they are (string `_id`). The database is the one the URI's path names (the driver's
 * default `test` when it names none).
 * Transactions need a replica set (a single-node one is enough, as in `docker-compose.yml`).
 */
export class MongoStore implements Store {
  readonly kind = 'mongo' as const;
  private readonly ops: MongoOperations;
  private readonly changes: MongoChangeFeed;
  readonly files: GridFsFileStore;

  constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
  ) {
    this.ops = new MongoOperations(db);
    this.files = new GridFsFileStore(db);
    this.changes = new MongoChangeFeed(db, (error) => {
      process.emitWarning(`change stream failed: ${String(error)}`);
    });
  }

  /**
   * Collections are created up front so each can keep the pre- and post-images its change
   * stream events carry (docs/subscriptions.md: subscribers are judged on the document before and after).
   * Safe for several processes starting at once: what one creates, the others find.
   */
  async ensureCollections(specs: CollectionSpec[]): Promise<void> {
    const existing = await this.db.listCollections<CollectionInfo>({}, { nameOnly: false }).toArray();
    const steps = collectionSteps(
      existing,
      specs.map((spec) => spec.name),
    );
    for (const step of steps) {
      if ('command' in step) await this.db.command(step.command);
      else await this.db.createCollection(step.create, step.options).catch(ignoreNamespaceExists);
    }
    // The marker each transaction writes last, so the change feed knows where a commit ends.
    await this.db.collection(COMMITS_COLLECTION).createIndex(COMMIT_MARKER_INDEX.key, COMMIT_MARKER_INDEX.options);
    for (const spec of specs) {
      const indexes = indexSpecs(spec);
      if (indexes.length === 0) continue;
      try {
        await this.db.collection(spec.name).createIndexes(indexes);
      } catch (error) {
        throw indexBuildRefusalFrom(spec.name, error) ?? error;
      }
    }
  }

  find(collection: string, query: FindQuery, budget?: ReadBudget) {
    return this.ops.find(collection, query, budget);
  }
  findByIds(collection: string, ids: readonly string[]) {
    return this.ops.findByIds(collection, ids);
  }
  count(collection: string, filter: Filter, budget?: ReadBudget) {
    return this.ops.count(collection, filter, budget);
  }
  findGrouped(collection: string, query: GroupedFindQuery, budget?: ReadBudget) {
    return this.ops.findGrouped(collection, query, budget);
  }
  countGrouped(collection: string, query: GroupedQuery, budget?: ReadBudget) {
    return this.ops.countGrouped(collection, query, budget);
  }
  insert(collection: string, doc: StoredDoc) {
    return this.ops.insert(collection, doc);
  }
  update(collection: string, id: string, update: Update) {
    return this.ops.update(collection, id, update);
  }
  deleteMany(collection: string, filter: Filter) {
    return this.ops.deleteMany(collection, filter);
  }

  /**
   * The driver retries `work` when the server reports a transient transaction error, so `work`
   * may run more than once; only its writes through `tx` are undone between attempts.
   */
  async transaction<T>(work: (tx: StoreOperations) => Promise<T>): Promise<T> {
    return this.client.withSession((session) =>
      session.withTransaction(async () => {
        const result = await work(new MongoOperations(this.db, session));
        // The last write: the change feed closes this transaction's commit on it (CommitAssembler).
        await this.db
          .collection<{ _id: string; at: Date }>(COMMITS_COLLECTION)
          .insertOne(commitMarker(newStoredId, new Date()), { session });
        return result;
      }),
    );
  }

  watchChanges(listener: ChangeListener): () => void {
    return this.changes.watch(listener);
  }

  async ping(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async close(): Promise<void> {
    await this.changes.stop();
    await this.client.close();
  }
}

function ignoreNamespaceExists(error: unknown): void {
  if (!(error instanceof MongoServerError && error.code === NAMESPACE_EXISTS)) throw error;
}

class MongoOperations implements StoreOperations {
  /** Passed to every call, so that inside a transaction each one belongs to it. */
  private readonly options: { session?: ClientSession };

  constructor(
    private readonly db: Db,
    session?: ClientSession,
  ) {
    this.options = session ? { session } : {};
  }

  private collection(name: string): Collection<StoredDoc> {
    return this.db.collection<StoredDoc>(name);
  }

  /** A read under the request's budget: `maxTimeMS`, and its expiry as `ReadBudgetExceeded`. */
  private async bounded<T>(budget: ReadBudget | undefined, read: (options: object) => Promise<T>): Promise<T> {
    try {
      return await read(readOptions(this.options, budget));
    } catch (error) {
      throw budgetExceededFrom(error, budget) ?? error;
    }
  }

  async find(collection: string, query: FindQuery, budget?: ReadBudget): Promise<StoredDoc[]> {
    if (query.limit <= 0) return []; // MongoDB reads `limit: 0` as "no limit"
    return this.bounded(budget, (options) => {
      if (hasSemiJoin(query.filter)) {
        return this.collection(collection)
          .aggregate<StoredDoc>(semiJoinPipeline(query.filter, query), options)
          .toArray();
      }
      return this.collection(collection)
        .find(translateFilter(query.filter), { ...options, sort: translateSort(query.sort), limit: query.limit })
        .toArray();
    });
  }

  async findByIds(collection: string, ids: readonly string[]): Promise<StoredDoc[]> {
    if (ids.length === 0) return [];
    return this.collection(collection)
      .find({ _id: { $in: [...ids] } }, this.options)
      .toArray();
  }

  async count(collection: string, filter: Filter, budget?: ReadBudget): Promise<number> {
    return this.bounded(budget, async (options) => {
      if (hasSemiJoin(filter)) {
        const [row] = await this.collection(collection)
          .aggregate<{ n: number }>([...semiJoinPipeline(filter), { $count: 'n' }], options)
          .toArray();
        return row?.n ?? 0;
      }
      return this.collection(collection).countDocuments(translateFilter(filter), options);
    });
  }

  async findGrouped(collection: string, query: GroupedFindQuery, budget?: ReadBudget): Promise<GroupedDoc[]> {
    if (query.groups.length === 0 || query.limit <= 0) return [];
    const aggregation = findGroupedAggregation(collection, query);
    return this.bounded(budget, (options) =>
      this.db.collection(aggregation.collection).aggregate<GroupedDoc>(aggregation.pipeline, options).toArray(),
    );
  }

  async countGrouped(collection: string, query: GroupedQuery, budget?: ReadBudget): Promise<Map<string, number>> {
    if (query.groups.length === 0) return new Map();
    const aggregation = countGroupedAggregation(collection, query);
    const rows = await this.bounded(budget, (options) =>
      this.db
        .collection(aggregation.collection)
        .aggregate<{ _id: string; n: number }>(aggregation.pipeline, options)
        .toArray(),
    );
    return new Map(rows.map((row) => [row._id, row.n]));
  }

  async insert(collection: string, doc: StoredDoc): Promise<void> {
    try {
      await this.collection(collection).insertOne(doc, this.options);
    } catch (error) {
      throw uniqueViolationFrom(collection, error) ?? error;
    }
  }

  async update(collection: string, id: string, update: Update): Promise<boolean> {
    const change = translateUpdate(update);
    if (change === null) {
      return (await this.collection(collection).countDocuments({ _id: id }, { ...this.options, limit: 1 })) === 1;
    }
    try {
      const result = await this.collection(collection).updateOne({ _id: id }, change, this.options);
      return result.matchedCount === 1;
    } catch (error) {
      throw uniqueViolationFrom(collection, error) ?? error;
    }
  }

  async deleteMany(collection: string, filter: Filter): Promise<number> {
    if (hasSemiJoin(filter)) {
      // `deleteMany` takes no pipeline: the matching ids first, then the delete by id.
      const ids = await this.collection(collection)
        .aggregate<{ _id: string }>([...semiJoinPipeline(filter), { $project: { _id: 1 } }], this.options)
        .toArray();
      return this.deleteMany(collection, { _id: { $in: ids.map((doc) => doc._id) } });
    }
    const result = await this.collection(collection).deleteMany(translateFilter(filter), this.options);
    return result.deletedCount;
  }
}

/**
 * Connects and returns the store. `ignoreUndefined` drops `undefined` values as JSON does (and
 * so as the SQLite adapter does) instead of storing them as `null`.
 */
export async function openMongoStore(uri: string): Promise<MongoStore> {
  const client = await MongoClient.connect(uri, { ignoreUndefined: true });
  return new MongoStore(client, client.db());
}
