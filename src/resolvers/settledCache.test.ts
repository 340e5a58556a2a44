import DataLoader from 'dataloader';
import { SettledCache } from './settledCache';

/** A loader over `values` that counts its batches, with the cache under test. */
function loaderOf(values: Record<string, string | null>) {
  const cache = new SettledCache<string | null>();
  let batches = 0;
  const loader = new DataLoader<string, string | null>(
    async (keys) => {
      batches += 1;
      return keys.map((key) => (key === 'broken' ? new Error('store failed') : (values[key] ?? null)));
    },
    { cacheMap: cache },
  );
  return { cache, loader, batches: () => batches };
}

describe('SettledCache', () => {
  test('a value is known once its load has settled, not before', async () => {
    const { cache, loader } = loaderOf({ a: 'A' });
    const pending = loader.load('a');
    expect(cache.settled('a')).toBeUndefined();
    await pending;
    expect(cache.settled('a')).toEqual({ value: 'A' });
  });

  test('null (not visible) is a known value, unlike a key never asked for', async () => {
    const { cache, loader } = loaderOf({});
    await loader.load('gone');
    expect(cache.settled('gone')).toEqual({ value: null });
    expect(cache.settled('never')).toBeUndefined();
  });

  test('a failed load leaves no value, and the loader still reports the failure', async () => {
    const { cache, loader } = loaderOf({});
    await expect(loader.load('broken')).rejects.toThrow('store failed');
    expect(cache.settled('broken')).toBeUndefined();
  });

  test.each([
    ['clear(key)', (loader: DataLoader<string, string | null>) => loader.clear('a')],
    ['clearAll()', (loader: DataLoader<string, string | null>) => loader.clearAll()],
  ])('%s forgets the value with the promise, and the next load reads again', async (_name, forget) => {
    const values: Record<string, string> = { a: 'A' };
    const { cache, loader, batches } = loaderOf(values);
    await loader.load('a');
    forget(loader);
    expect(cache.settled('a')).toBeUndefined();
    values.a = 'A2';
    expect(await loader.load('a')).toBe('A2');
    expect(cache.settled('a')).toEqual({ value: 'A2' });
    expect(batches()).toBe(2);
  });

  test('prime(key, value) replaces what was known', async () => {
    const { cache, loader } = loaderOf({ a: 'A' });
    await loader.load('a');
    loader.clear('a').prime('a', 'primed');
    await loader.load('a');
    expect(cache.settled('a')).toEqual({ value: 'primed' });
  });
});
