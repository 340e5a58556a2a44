import { BoundedCache } from './BoundedCache';

describe('BoundedCache', () => {
  test('keeps at most its weight, dropping the least recently used first', () => {
    const cache = new BoundedCache<string>(10);
    cache.set('a', 'A', 4);
    cache.set('b', 'B', 4);
    expect(cache.get('a')).toBe('A');
    cache.set('c', 'C', 4);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['A', undefined, 'C']);
    expect(cache.size).toBe(2);
  });

  test('a value heavier than the budget is not kept; replacing a key counts its weight once', () => {
    const cache = new BoundedCache<string>(10);
    cache.set('huge', 'H', 11);
    expect(cache.get('huge')).toBeUndefined();
    cache.set('a', 'A1', 6);
    cache.set('a', 'A2', 6);
    cache.set('b', 'B', 4);
    expect([cache.get('a'), cache.get('b')]).toEqual(['A2', 'B']);
  });
});
