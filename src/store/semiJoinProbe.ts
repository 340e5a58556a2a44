import DataLoader from 'dataloader';
import type { Filter, Scalar, SemiJoin, StoreOperations } from './Store';

/** Answers one semi-join for one value: "is `value` among the `join.field` values of the documents matching `join.filter`?" */
export interface SemiJoinProbe {
  inSelect(join: SemiJoin, value: Scalar): Promise<boolean>;
}

/** How many values one probe query asks about at once. */
export const MAX_PROBE_BATCH = 500;

/**
 * A probe that asks `store`, batched and remembered: the values asked about one semi-join within
 * a tick become one query (`field $in [values]`), and each answer is kept for the probe's life.
 * Make one per request (or per delivered event), never share it across viewers or writes: it
 * would go on answering from what the store held when first asked.
 *
 * One query is exact when it returns fewer rows than values (every match came back); when it is
 * full, a value it did not return may still match through a row beyond the limit, and only those
 * values are asked again, one single-row query each.
 */
export function semiJoinProbe(store: Pick<StoreOperations, 'find'>): SemiJoinProbe {
  const loaders = new WeakMap<SemiJoin, DataLoader<Scalar, boolean>>();
  return {
    inSelect(join, value) {
      let loader = loaders.get(join);
      if (!loader) {
        loader = new DataLoader((values) => answer(store, join, values), { maxBatchSize: MAX_PROBE_BATCH });
        loaders.set(join, loader);
      }
      return loader.load(value);
    },
  };
}

async function answer(
  store: Pick<StoreOperations, 'find'>,
  join: SemiJoin,
  values: readonly Scalar[],
): Promise<boolean[]> {
  const found =
    values.length === 1
      ? await matching(store, join, { $eq: values[0] }, 1)
      : await matching(store, join, { $in: [...values] }, values.length);
  const seen = new Set(found);
  if (found.length < values.length || values.length === 1) return values.map((value) => seen.has(value));
  return Promise.all(
    values.map(async (value) => seen.has(value) || (await matching(store, join, { $eq: value }, 1)).length > 0),
  );
}

async function matching(
  store: Pick<StoreOperations, 'find'>,
  join: SemiJoin,
  condition: Filter[string],
  limit: number,
): Promise<unknown[]> {
  const filter: Filter = { $and: [join.filter, { [join.field]: condition }] };
  return (await store.find(join.collection, { filter, sort: [], limit })).map((doc) => doc[join.field] ?? null);
}
