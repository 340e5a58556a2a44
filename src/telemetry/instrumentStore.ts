import type { Store, StoreOperations } from '../store/Store';
import { withSpan } from './tracing';

/** Receives the duration of each store call. */
export type StoreCallObserver = (call: string, collection: string, seconds: number) => void;

const OPERATIONS = [
  'find',
  'findByIds',
  'count',
  'findGrouped',
  'countGrouped',
  'insert',
  'update',
  'deleteMany',
] as const satisfies readonly (keyof StoreOperations)[];

/**
 * The store with each call timed (`observe`) and traced (a child span of the operation, named
 * `store.<call>`, with the collection and the database system as attributes, never a filter or a
 * document). Calls inside a transaction are observed too. The adapters know nothing of it: the
 * server wraps the store it opened.
 */
export function instrumentStore(store: Store, observe: StoreCallObserver | undefined): Store {
  const system = store.kind === 'mongo' ? 'mongodb' : 'sqlite';
  const timed = <T>(call: string, collection: string, work: () => Promise<T>): Promise<T> => {
    const started = process.hrtime.bigint();
    const done = () => observe?.(call, collection, Number(process.hrtime.bigint() - started) / 1e9);
    const attributes = { 'db.system.name': system, 'db.operation.name': call, 'db.collection.name': collection };
    return withSpan(`store.${call}`, attributes, work).finally(done);
  };
  const operations = (target: StoreOperations): StoreOperations => {
    const wrapped = {} as Record<string, unknown>;
    for (const name of OPERATIONS) {
      const method = target[name] as (collection: string, ...rest: unknown[]) => Promise<unknown>;
      wrapped[name] = (collection: string, ...rest: unknown[]) =>
        timed(name, collection, () => method.call(target, collection, ...rest));
    }
    return wrapped as unknown as StoreOperations;
  };
  const instrumented: Store = {
    ...operations(store),
    kind: store.kind,
    files: store.files,
    ensureCollections: (specs) => store.ensureCollections(specs),
    transaction: (work) => timed('transaction', '', () => store.transaction((tx) => work(operations(tx)))),
    watchChanges: (listener) => store.watchChanges(listener),
    ping: () => store.ping(),
    close: () => store.close(),
  };
  return instrumented;
}
