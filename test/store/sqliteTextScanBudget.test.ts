import { ReadBudget, ReadBudgetExceeded } from '../../src/store/ReadBudget';
import type { Store } from '../../src/store/Store';
import { reachableAdapters } from './adapters';

const sqlite = reachableAdapters().find((adapter) => adapter.name === 'sqlite')!;
const budget = (textScanBytes: number) => new ReadBudget({ textScanBytes, maxTimeMs: 1000, textPatternLength: 100 });

/**
 * The embedded store counts what the text operators read against the read's budget, inside
 * the query, and stops the read that goes past it (docs/limits.md, MAX_TEXT_SCAN_BYTES).
 */
describe('text scans on the embedded store', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await sqlite.open());
    await store.ensureCollections([{ name: 'Doc', indexes: [] }]);
    // Five values of 1,000 bytes (UTF-8: "é" is two) and one without the field.
    for (let i = 0; i < 5; i++)
      await store.insert('Doc', { _id: `d${i}`, group: 'g', body: `${'é'.repeat(499)}${i}x` });
    await store.insert('Doc', { _id: 'none', group: 'g' });
  });
  afterAll(() => dispose());

  const all = { filter: { body: { $contains: 'x' } }, sort: [{ field: '_id', direction: 1 as const }], limit: 10 };

  test('every value tested counts its UTF-8 bytes; missing fields count nothing', async () => {
    expect(await store.count('Doc', all.filter, budget(5000))).toBe(5);
    await expect(store.count('Doc', all.filter, budget(4999))).rejects.toEqual(
      new ReadBudgetExceeded('textScanBytes', 4999),
    );
  });

  test('every read that takes a filter is counted: find, count, grouped reads', async () => {
    const tight = budget(2500);
    await expect(store.find('Doc', all, tight)).rejects.toBeInstanceOf(ReadBudgetExceeded);
    const grouped = { groupBy: { field: 'group' }, groups: ['g'], filter: { body: { $startsWith: 'é' } } };
    await expect(store.countGrouped('Doc', grouped, budget(2500))).rejects.toBeInstanceOf(ReadBudgetExceeded);
    await expect(
      store.findGrouped('Doc', { ...grouped, sort: all.sort, limit: 10 }, budget(2500)),
    ).rejects.toBeInstanceOf(ReadBudgetExceeded);
  });

  test('a page stops reading once full, so it spends only what it read', async () => {
    const spent = budget(2000);
    expect((await store.find('Doc', { ...all, limit: 2 }, spent)).map((doc) => doc._id)).toEqual(['d0', 'd1']);
    await expect(store.find('Doc', { ...all, limit: 1 }, spent)).rejects.toBeInstanceOf(ReadBudgetExceeded);
  });

  test('the server’s own reads, without a budget, are unbounded', async () => {
    expect(await store.count('Doc', all.filter)).toBe(5);
  });
});
