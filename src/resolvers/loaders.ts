import DataLoader from 'dataloader';
import type { Model } from '../appModel/AppModel';
import { conditionToFilter } from '../permissions/Condition';
import type { Filter, StoredDoc } from '../store/Store';
import type { RequestContext } from './RequestContext';
import { tagModel } from './modelOf';
import { SettledCache } from './settledCache';

export interface Loaders {
  /** Objects by stored id that the viewer may see (null otherwise), batched per tick. */
  visibleById(model: Model): DataLoader<string, StoredDoc | null>;
  /**
   * What `visibleById(model)` has already answered for `id` in this request (the object, or
   * null), without waiting; undefined while it has not.
   */
  visibleNow(model: Model, id: string): { value: StoredDoc | null } | undefined;
  /**
   * How many documents of `collection` match `filter`, counted once per request while it has
   * not written: aliases of one connection (`a: allPosts { totalCount } b: allPosts { totalCount }`)
   * share the count, and a mutation's payload never sees a count from before its write.
   */
  count(collection: string, filter: Filter): Promise<number>;
  /**
   * Objects by stored id whatever the viewer may see, batched per tick: for the targets of a
   * write (a `<field>Id`, a link's ends), which only have to exist (docs/api.md). Never returned to
   * the client as they are; payloads go through `visibleById`.
   */
  existingById(model: Model): DataLoader<string, StoredDoc | null>;
}

/**
 * Per-request loaders: a page of N posts asking for their authors makes one store call, not
 * N, and the permission filter is part of that one call. They keep the `access` they were made
 * with: a loader's cache holds what one viewer may see, so it never answers for another.
 */
export function createLoaders({ store, access }: Pick<RequestContext, 'store' | 'access'>): Loaders {
  const byModel = new Map<string, DataLoader<string, StoredDoc | null>>();
  const settled = new Map<string, SettledCache<StoredDoc | null>>();
  const counts = new Map<string, { writes: number; count: Promise<number> }>();
  const existing = new Map<string, DataLoader<string, StoredDoc | null>>();
  return {
    count(collection, filter) {
      const key = `${collection} ${JSON.stringify(filter)}`;
      const memo = counts.get(key);
      if (memo && memo.writes === store.writes) return memo.count;
      const count = store.count(collection, filter);
      counts.set(key, { writes: store.writes, count });
      return count;
    },
    existingById(model) {
      let loader = existing.get(model.name);
      if (!loader) {
        loader = new DataLoader(
          async (ids) => {
            const found = new Map(
              (await store.findByIds(model.collection, ids)).map((doc) => [doc._id, tagModel(doc, model.name)]),
            );
            return ids.map((id) => found.get(id) ?? null);
          },
          { maxBatchSize: 500 },
        );
        existing.set(model.name, loader);
      }
      return loader;
    },
    visibleNow(model, id) {
      return settled.get(model.name)?.settled(id);
    },
    visibleById(model) {
      let loader = byModel.get(model.name);
      if (!loader) {
        const cacheMap = new SettledCache<StoredDoc | null>();
        settled.set(model.name, cacheMap);
        loader = new DataLoader(
          async (ids) => {
            const visible = await access.visible(model);
            // Every object of the type is visible (an admin, a type anyone may read): a lookup by
            // primary key, the store's cheapest read, with no filter to compile.
            const docs =
              visible.kind === 'allow'
                ? await store.findByIds(model.collection, ids)
                : await store.find(model.collection, {
                    filter: { $and: [{ _id: { $in: [...ids] } }, conditionToFilter(visible)] },
                    sort: [],
                    limit: ids.length,
                  });
            const found = new Map(docs.map((doc) => [doc._id, tagModel(doc, model.name)]));
            return ids.map((id) => found.get(id) ?? null);
          },
          { maxBatchSize: 500, cacheMap },
        );
        byModel.set(model.name, loader);
      }
      return loader;
    },
  };
}
