import { matchesFilterWithStore } from './matchesFilterWithStore';
import { semiJoinProbe, type SemiJoinProbe } from './semiJoinProbe';
import type {
  ChangeEvent,
  FieldCondition,
  Filter,
  FindQuery,
  Scalar,
  SemiJoin,
  SortKey,
  StoredDoc,
  StoreOperations,
} from './Store';

/** The reads a judge of changes needs. */
export type StoreReads = Pick<StoreOperations, 'find' | 'findByIds' | 'count'>;

/**
 * The store as it was at an earlier moment, read through the present one: the present minus the
 * changes committed since. Reads answer as that moment would have, semi-joins included.
 */
export interface PastStore extends StoreReads {
  /** Whether `doc` matched `filter` at this moment (its semi-joins read this moment's documents). */
  matches(filter: Filter, doc: StoredDoc): Promise<boolean>;
  /**
   * `filter` as a query on the present store whose semi-joins select what they selected at this
   * moment. The documents it is run on are the present ones: leave out `changedIds` of that
   * collection and judge those from their past version (`findByIds`).
   */
  asOfNow(filter: Filter): Promise<Filter>;
  /** The ids of `collection` written since this moment. */
  changedIds(collection: string): string[];
}

/**
 * `store` as it was before `changes` (oldest first; the commits since the moment wanted, each
 * with the documents before and after): a document they touched reads as it was before the
 * first of them (absent if that created it), every other document as the store holds it.
 * A semi-join into a touched collection becomes "the present documents the changes left alone,
 * or one of the past versions of the touched ones", both evaluated at that moment, so a query
 * stays one query and nothing but the changes is held in memory.
 *
 * With no changes it is `store` itself. One per judged commit: answers of its semi-join probe
 * are kept for its life.
 */
export function storeBefore(store: StoreReads, changes: readonly ChangeEvent[]): PastStore {
  const past = new Map<string, Map<string, StoredDoc | null>>();
  for (const change of changes) {
    let docs = past.get(change.collection);
    if (!docs) past.set(change.collection, (docs = new Map()));
    if (!docs.has(change.id)) docs.set(change.id, change.before);
  }
  const rewritten = new WeakMap<Filter, Promise<Filter>>();
  // Its semi-joins are answered by this view itself, so nested hops read the same moment.
  const probe: SemiJoinProbe = semiJoinProbe({ find: (collection, query) => view.find(collection, query) });

  const pastDocsMatching = async (collection: string, filter: Filter): Promise<StoredDoc[]> => {
    const docs = [...(past.get(collection)?.values() ?? [])].filter((doc): doc is StoredDoc => doc !== null);
    const matching = await Promise.all(docs.map((doc) => matchesFilterWithStore(probe, filter, doc)));
    return docs.filter((_, i) => matching[i]);
  };
  const untouched = async (collection: string, filter: Filter): Promise<Filter> => {
    const ids = past.get(collection);
    const asOf = await view.asOfNow(filter);
    return ids ? { $and: [asOf, { _id: { $nin: [...ids.keys()] } }] } : asOf;
  };

  async function rewrite(filter: Filter): Promise<Filter> {
    const out: Filter = {};
    const also: Filter[] = [];
    for (const [key, value] of Object.entries(filter)) {
      if (value === undefined) continue;
      if (key === '$and' || key === '$or' || key === '$nor') {
        out[key] = await Promise.all((value as Filter[]).map((child) => view.asOfNow(child)));
        continue;
      }
      const { $inSelect: join, ...rest } = value as FieldCondition;
      if (!join) {
        out[key] = value;
        continue;
      }
      if (Object.keys(rest).length > 0) also.push({ [key]: rest });
      also.push(await joinAsOfNow(key, join));
    }
    return also.length === 0 ? out : { $and: [out, ...also] };
  }

  async function joinAsOfNow(field: string, join: SemiJoin): Promise<Filter> {
    const inPresent: Filter = {
      [field]: { $inSelect: { ...join, filter: await untouched(join.collection, join.filter) } },
    };
    if (!past.has(join.collection)) return inPresent;
    const values = (await pastDocsMatching(join.collection, join.filter))
      .map((doc) => doc[join.field])
      .filter((value): value is Scalar => value !== null && value !== undefined && typeof value !== 'object');
    return values.length === 0 ? inPresent : { $or: [inPresent, { [field]: { $in: [...new Set(values)] } }] };
  }

  const view: PastStore = {
    async find(collection, query) {
      if (past.size === 0) return store.find(collection, query);
      const [present, pastDocs] = await Promise.all([
        store.find(collection, { ...query, filter: await untouched(collection, query.filter) }),
        pastDocsMatching(collection, query.filter),
      ]);
      if (pastDocs.length === 0) return present;
      return sortDocs([...present, ...pastDocs], query.sort).slice(0, query.limit);
    },
    async findByIds(collection, ids) {
      const docs = past.get(collection);
      if (!docs) return store.findByIds(collection, ids);
      const present = await store.findByIds(
        collection,
        ids.filter((id) => !docs.has(id)),
      );
      const pastDocs = ids.flatMap((id) => (docs.has(id) && docs.get(id) ? [docs.get(id)!] : []));
      return [...present, ...pastDocs];
    },
    async count(collection, filter) {
      if (past.size === 0) return store.count(collection, filter);
      const [present, pastDocs] = await Promise.all([
        store.count(collection, await untouched(collection, filter)),
        pastDocsMatching(collection, filter),
      ]);
      return present + pastDocs.length;
    },
    matches: (filter, doc) => matchesFilterWithStore(probe, filter, doc),
    asOfNow(filter) {
      if (past.size === 0) return Promise.resolve(filter);
      let answer = rewritten.get(filter);
      if (!answer) rewritten.set(filter, (answer = rewrite(filter)));
      return answer;
    },
    changedIds: (collection) => [...(past.get(collection)?.keys() ?? [])],
  };
  return view;
}

/** In `sort` order as the adapters give it: a missing value first when ascending. */
function sortDocs(docs: StoredDoc[], sort: FindQuery['sort']): StoredDoc[] {
  return sort.length === 0 ? docs : [...docs].sort((a, b) => compareBy(sort, a, b));
}

function compareBy(sort: readonly SortKey[], a: StoredDoc, b: StoredDoc): number {
  for (const { field, direction } of sort) {
    const [x, y] = [a[field] ?? null, b[field] ?? null] as [Scalar, Scalar];
    if (x === y) continue;
    if (x === null) return -direction;
    if (y === null) return direction;
    return (x < y ? -1 : 1) * direction;
  }
  return 0;
}
