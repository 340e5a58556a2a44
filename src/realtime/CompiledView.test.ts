import { MAX_VIEWS_CACHED, ViewCache, type CompiledView } from './CompiledView';

const view = (): CompiledView => ({ inView: {}, readable: new Map(), reads: new Set() });

describe('ViewCache', () => {
  test('one view per key, compiled once, the same object for every subscription asking', async () => {
    const cache = new ViewCache();
    let compiled = 0;
    const compile = async () => {
      compiled++;
      return view();
    };
    const [a, b] = await Promise.all([cache.remembered('k', compile), cache.remembered('k', compile)]);
    expect(a).toBe(b);
    expect(compiled).toBe(1);
  });

  test('a compile that fails (a where the grants refuse) is not kept', async () => {
    const cache = new ViewCache();
    await expect(cache.remembered('k', () => Promise.reject(new Error('FORBIDDEN')))).rejects.toThrow('FORBIDDEN');
    await new Promise((resolve) => setImmediate(resolve));
    expect(await cache.remembered('k', async () => view())).toEqual(view());
  });

  test('MAX_VIEWS_CACHED: past it the cache starts afresh instead of growing', async () => {
    expect(MAX_VIEWS_CACHED).toBe(10_000);
    const cache = new ViewCache(3);
    for (const key of ['a', 'b', 'c']) await cache.remembered(key, async () => view());
    expect(cache.size).toBe(3);
    await cache.remembered('d', async () => view());
    expect(cache.size).toBe(1);
  });
});
