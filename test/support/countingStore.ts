import type { Store, StoreOperations } from '../../src/store/Store';

const OPERATIONS = [
  'find',
  'findByIds',
  'count',
  'findGrouped',
  'countGrouped',
  'insert',
  'update',
  'deleteMany',
] as const;

export interface CountingStore {
  store: Store;
  /** Store calls since the last `reset()`, by operation. */
  calls: Record<string, number>;
  /** Each call since the last `reset()`, as `operation collection`, in order. */
  log: string[];
  total(): number;
  reset(): void;
}

/** Wraps the real store and counts every call (transactions count their inner calls). */
export function countingStore(): { wrap: (store: Store) => Store; counter: CountingStore } {
  const counter: CountingStore = {
    store: undefined as unknown as Store,
    calls: {},
    log: [],
    total: () => Object.values(counter.calls).reduce((a, b) => a + b, 0),
    reset: () => {
      counter.calls = {};
      counter.log = [];
    },
  };
  const counted = <T extends StoreOperations>(target: T): T =>
    new Proxy(target, {
      get(object, property, receiver) {
        const value = Reflect.get(object, property, receiver);
        if (typeof value !== 'function') return value;
        if ((OPERATIONS as readonly (string | symbol)[]).includes(property)) {
          return (...args: unknown[]) => {
            counter.calls[property as string] = (counter.calls[property as string] ?? 0) + 1;
            counter.log.push(`${String(property)} ${String(args[0])}`);
            return value.apply(object, args);
          };
        }
        if (property === 'transaction') {
          return (work: (tx: StoreOperations) => Promise<unknown>) =>
            value.call(object, (tx: StoreOperations) => work(counted(tx)));
        }
        return value.bind(object);
      },
    });
  return {
    counter,
    wrap: (store) => {
      counter.store = counted(store);
      return counter.store;
    },
  };
}
