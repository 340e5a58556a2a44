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

/**
 * Wraps `store` for one request, so a per-request memo (the counts in `loaders`) knows when its
 * answer may be stale. Mutations run one after another (GraphQL spec, "Normal and Serial
 * Execution"), so a write always lands between a memoised read and the next root field that
 * could read it again. Every other member passes through unchanged, however the port grows.
 */
export function requestStore(store: Store): RequestStore {
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
        method = WRITES.has(property)
          ? (...args: unknown[]) => {
              writes += 1;
              return (value as (...a: unknown[]) => unknown).apply(target, args);
            }
          : value.bind(target);
        methods.set(property, method);
      }
      return method;
    },
  }) as RequestStore;
}
