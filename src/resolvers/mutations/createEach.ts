import { GraphQLError } from 'graphql';
import { isUserError, userError } from '../../errors';
import type { StoreOperations, StoredDoc } from '../../store/Store';
import type { RequestContext } from '../RequestContext';

/** The most items one `createMany<Types>` request may create (docs/api.md). */
export const MAX_CREATE_MANY_ITEMS = 1_000;
/** The most items one `createManyUsers` request may create: each costs a bcrypt hash (docs/api.md). */
export const MAX_CREATE_MANY_USERS = 100;

/**
 * Where an item's error points: the slot its object would have taken in the payload's list
 * (`["createManyPosts", "changedPosts", 3]`), so a client can tie the error to `items[3]`.
 */
export type ItemPath = (index: number) => ReadonlyArray<string | number>;

/** Refuses a batch longer than `limit` before anything is read, hashed or written. */
export function assertBatchSize(items: readonly unknown[], limit: number, what: string): void {
  if (items.length > limit) {
    throw userError('BAD_USER_INPUT', `${what} takes at most ${limit} items; got ${items.length}`, {
      limit,
      count: items.length,
    });
  }
}

/**
 * A user error about one item, restated so its message, `path` and `extensions.index` name
 * that item. Anything else (a bug) passes unchanged, to be masked and logged as usual.
 */
export function atItem(error: unknown, index: number, path: ItemPath): unknown {
  if (!isUserError(error)) return error;
  return new GraphQLError(`items[${index}]: ${error.message}`, {
    path: path(index),
    extensions: { ...error.extensions, index },
  });
}

/**
 * All or nothing (docs/api.md): every item goes through `createOne` (the same path a single
 * create takes, with its own rules check) inside one transaction; the first item that fails
 * undoes the ones before it and its error names its index.
 */
export async function createEach<T>(
  context: RequestContext,
  items: readonly T[],
  path: ItemPath,
  createOne: (item: T, tx: StoreOperations) => Promise<StoredDoc>,
): Promise<StoredDoc[]> {
  return context.store.transaction(async (tx) => {
    const created: StoredDoc[] = [];
    for (const [index, item] of items.entries()) {
      try {
        created.push(await createOne(item, tx));
      } catch (error) {
        throw atItem(error, index, path);
      }
    }
    return created;
  });
}
