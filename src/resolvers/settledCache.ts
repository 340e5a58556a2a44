import type DataLoader from 'dataloader';

/**
 * DataLoader's cache of promises, which also keeps each value once its promise has settled, so
 * a resolver can answer an object this request has already read without a promise of its own.
 * DataLoader's `clear`, `clearAll` and `prime` go through `delete`, `clear` and `set`, so the
 * values follow the promises (a mutation clearing an object clears its value too).
 */
export class SettledCache<V> implements DataLoader.CacheMap<string, Promise<V>> {
  private readonly promises = new Map<string, Promise<V>>();
  private readonly values = new Map<string, V>();

  get(key: string): Promise<V> | undefined {
    return this.promises.get(key);
  }

  set(key: string, promise: Promise<V>): this {
    this.promises.set(key, promise);
    this.values.delete(key);
    // A rejection is DataLoader's to report; it leaves no value here.
    promise.then(
      (value) => {
        if (this.promises.get(key) === promise) this.values.set(key, value);
      },
      () => {},
    );
    return this;
  }

  delete(key: string): boolean {
    this.values.delete(key);
    return this.promises.delete(key);
  }

  clear(): void {
    this.promises.clear();
    this.values.clear();
  }

  /** The value of `key` if its promise has settled with one, else undefined. */
  settled(key: string): { value: V } | undefined {
    return this.values.has(key) ? { value: this.values.get(key)! } : undefined;
  }
}
