import type { Filter, StoreOperations } from '../store/Store';

/** Documents read per query while scanning for duplicates. */
export const DUPLICATE_SCAN_BATCH = 1000;
/** Duplicated values quoted in the message; the counts cover all of them. */
export const DUPLICATE_EXAMPLES = 3;

export interface Duplicates {
  /** Distinct values held by more than one document. */
  values: number;
  /** Documents holding one of those values. */
  documents: number;
  examples: unknown[];
}

/**
 * Finds values of `field` held by more than one document, as a unique index would refuse
 * them. The store has no GROUP BY, so this walks the field in order, a page at a time, by
 * keyset (each page starts after the last (value, id) seen): cost grows with the collection,
 * which is why it runs only for a field that has just become `@unique`.
 */
export async function countDuplicates(
  store: Pick<StoreOperations, 'find'>,
  collection: string,
  field: string,
): Promise<Duplicates> {
  const result: Duplicates = { values: 0, documents: 0, examples: [] };
  let after: { value: unknown; id: string } | undefined;
  let run = { value: undefined as unknown, size: 0 };
  const closeRun = () => {
    if (run.size < 2) return;
    result.values += 1;
    result.documents += run.size;
    if (result.examples.length < DUPLICATE_EXAMPLES) result.examples.push(run.value);
  };
  for (;;) {
    const present: Filter = { [field]: { $ne: null } };
    const filter: Filter = after
      ? {
          $and: [
            present,
            {
              $or: [
                { [field]: { $gt: after.value as never } },
                { [field]: { $eq: after.value as never }, _id: { $gt: after.id } },
              ],
            },
          ],
        }
      : present;
    const page = await store.find(collection, {
      filter,
      sort: [
        { field, direction: 1 },
        { field: '_id', direction: 1 },
      ],
      limit: DUPLICATE_SCAN_BATCH,
    });
    for (const doc of page) {
      const value = doc[field];
      if (run.size > 0 && JSON.stringify(value) === JSON.stringify(run.value)) {
        run.size += 1;
      } else {
        closeRun();
        run = { value, size: 1 };
      }
    }
    if (page.length < DUPLICATE_SCAN_BATCH) break;
    const last = page[page.length - 1];
    after = { value: last[field], id: last._id };
  }
  closeRun();
  return result;
}
