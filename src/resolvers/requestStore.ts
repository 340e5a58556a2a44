import { readLimitError } from '../limits/readLimits';
import type { ReadBudget } from '../store/ReadBudget';
import type { Store, StoreOperations } from '../store/Store';

/** The store as one request uses it: the same store, plus how many writes the request has started. */
export type RequestStore = Store & { readonly writes: number };

const UNDERLYING = Symbol('the store a request store wraps');

/** Whether two request stores (or plain stores) reach the same store. */
export function sameStore(a: Store, b: Store): boolean {
  const underlying = (store: Store) => (store as Store & { [UNDERLYING]?: Store })[UNDERLYING] ?? store;
  return underlying(a) === underlying(b);
}

/** The port's operations that change documents (a transaction counts as one, whatever it does). */
const WRITES: ReadonlySet<PropertyKey> = new Set<keyof StoreOperations | 'transaction'>([
  'insert',
  'update',
  'deleteMany',
  'transaction',
]);

/** The port's reads that take a filter, and so the request's `ReadBudget` (their last argument). */
const BUDGETED_READS: ReadonlyMap<PropertyKey, number> = new Map<keyof StoreOperations, number>([
  ['find', 2],
  ['count', 2],
  ['findGrouped', 2],
  ['countGrouped', 2],
]);

/**
 * Wraps `store` for one request, so a per-request memo (the counts in `loaders`) knows when its
 * answer may be stale, and so every read that takes a filter runs under the request's `budget`
 * (docs/limits.md), past which it answers BAD_USER_INPUT. Mutations run one after another
 * (GraphQL spec, "Normal and Serial Execution"), so a write always lands between a memoised
 * read and the next root field that could read it again. Every other member passes through
 * unchanged, however the port grows.
 */
export function requestStore(store: Store, budget?: ReadBudget): RequestStore {
  let writes = 0;
  // Every store call reads a method through the proxy: make each wrapper once per request.
  const methods = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, property) {
      if (property === 'writes') return writes;
      if (property === UNDERLYING) return target;
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      let method = methods.get(property);
      if (!method) {
        const call = value as (...a: unknown[]) => Promise<unknown>;
        const budgetAt = BUDGETED_READS.get(property);
        method = WRITES.has(property)
          ? (...args: unknown[]) => {
              writes += 1;
              return call.apply(target, args);
            }
          : budget && budgetAt !== undefined
            ? (...args: unknown[]) =>
                call.apply(target, [...args.slice(0, budgetAt), budget]).catch((error: unknown) => {
                  throw readLimitError(error);
                })
            : value.bind(target);
        methods.set(property, method);
      }
      return method;
    },
  }) as RequestStore;
}
