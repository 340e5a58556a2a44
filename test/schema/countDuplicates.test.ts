import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countDuplicates, DUPLICATE_EXAMPLES, DUPLICATE_SCAN_BATCH } from '../../src/schemaChanges/countDuplicates';
import { openStore } from '../../src/store/openStore';
import type { Store } from '../../src/store/Store';

describe('countDuplicates over the embedded store', () => {
  let dataDir: string;
  let store: Store;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'graphkeep-dups-'));
    store = await openStore({ dataDir });
    await store.ensureCollections([{ name: 'Item', indexes: [] }]);
    // 2.5 pages of documents; values 0..(BATCH+199), so the first 200 values appear three
    // times and the rest once or twice: runs of equal values straddle page boundaries.
    const total = DUPLICATE_SCAN_BATCH * 2.5;
    await store.transaction(async (tx) => {
      for (let i = 0; i < total; i += 1) {
        await tx.insert('Item', { _id: `id${String(i).padStart(6, '0')}`, code: i % (DUPLICATE_SCAN_BATCH + 200) });
      }
      await tx.insert('Item', { _id: 'missing-1' });
      await tx.insert('Item', { _id: 'missing-2' });
    });
  });
  afterAll(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('counts every duplicated value once and every document holding one, across pages; missing values are not duplicates', async () => {
    const modulus = DUPLICATE_SCAN_BATCH + 200;
    const counts = new Map<number, number>();
    for (let i = 0; i < DUPLICATE_SCAN_BATCH * 2.5; i += 1) counts.set(i % modulus, (counts.get(i % modulus) ?? 0) + 1);
    const duplicated = [...counts.values()].filter((count) => count > 1);
    const found = await countDuplicates(store, 'Item', 'code');
    expect(found).toEqual({
      values: duplicated.length,
      documents: duplicated.reduce((sum, count) => sum + count, 0),
      examples: [0, 1, 2].slice(0, DUPLICATE_EXAMPLES),
    });
  });

  test('a field with distinct values has no duplicates', async () => {
    expect(await countDuplicates(store, 'Item', '_id')).toEqual({ values: 0, documents: 0, examples: [] });
  });
});
