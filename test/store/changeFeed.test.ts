import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/openStore';
import { CHANGE_POLL_BATCH } from '../../src/store/sqlite/changeLog';
import type { ChangeEvent, Store } from '../../src/store/Store';
import { eventually } from '../support/eventually';
import { reachableAdapters } from './adapters';

const SPECS = [
  { name: 'feed_items', indexes: [] },
  { name: 'feed_other', indexes: [] },
];

function collect(store: Store): { events: ChangeEvent[]; stop: () => void } {
  const events: ChangeEvent[] = [];
  const stop = store.watchChanges((batch) => events.push(...batch));
  return { events, stop };
}

describe.each(reachableAdapters())('change feed on $name', (adapter) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeEach(async () => {
    ({ store, dispose } = await adapter.open());
    await store.ensureCollections(SPECS);
  });
  afterEach(() => dispose());

  test('every committed insert, update and delete arrives with the document before and after, in commit order', async () => {
    await store.insert('feed_items', { _id: 'old', n: 0 });
    const feed = collect(store);
    await store.insert('feed_items', { _id: 'a', n: 1 });
    await store.update('feed_items', 'a', { set: { n: 2 }, unset: [] });
    await store.transaction(async (tx) => {
      await tx.insert('feed_other', { _id: 'b', n: 3 });
      await tx.deleteMany('feed_items', { _id: { $eq: 'a' } });
    });
    await eventually(() => (feed.events.length >= 4 ? true : undefined), 'four events');
    feed.stop();
    expect(feed.events.map(({ commit: _, ...event }) => event)).toEqual([
      { collection: 'feed_items', id: 'a', before: null, after: { _id: 'a', n: 1 } },
      { collection: 'feed_items', id: 'a', before: { _id: 'a', n: 1 }, after: { _id: 'a', n: 2 } },
      { collection: 'feed_other', id: 'b', before: null, after: { _id: 'b', n: 3 } },
      { collection: 'feed_items', id: 'a', before: { _id: 'a', n: 2 }, after: null },
    ]);
    // The two writes of the transaction are one commit; each single write is one of its own.
    const [insert, update, inTransaction, alsoInTransaction] = feed.events.map((event) => event.commit);
    expect(inTransaction).toBe(alsoInTransaction);
    expect(new Set([insert, update, inTransaction]).size).toBe(3);
  });

  test('a transaction larger than one read of the feed arrives whole, in one batch', async () => {
    const batches: ChangeEvent[][] = [];
    const stop = store.watchChanges((batch) => batches.push(batch));
    const size = CHANGE_POLL_BATCH + 20;
    await store.transaction(async (tx) => {
      for (let i = 0; i < size; i++) await tx.insert('feed_items', { _id: `big-${i}`, n: i });
    });
    await store.insert('feed_items', { _id: 'after', n: 0 });
    await eventually(() => (batches.flat().length >= size + 1 ? true : undefined), 'every event');
    stop();
    const big = batches.find((batch) => batch.some((event) => event.id === 'big-0'))!;
    expect(big.filter((event) => event.id.startsWith('big-'))).toHaveLength(size);
    expect(new Set(big.filter((event) => event.id.startsWith('big-')).map((event) => event.commit)).size).toBe(1);
  });

  test('a rolled-back transaction reports nothing', async () => {
    const feed = collect(store);
    await expect(
      store.transaction(async (tx) => {
        await tx.insert('feed_items', { _id: 'ghost', n: 1 });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await store.insert('feed_items', { _id: 'real', n: 1 });
    await eventually(() => (feed.events.length >= 1 ? true : undefined), 'the committed insert');
    feed.stop();
    expect(feed.events.map((e) => e.id)).toEqual(['real']);
  });
});

describe('change feed across processes sharing one DATA_DIR (embedded)', () => {
  test('a write through one store reaches the other; a store opened later replays nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'graphkeep-feed-'));
    const writer = await openStore({ dataDir });
    await writer.ensureCollections(SPECS);
    await writer.insert('feed_items', { _id: 'before-start', n: 0 });
    const watcher = await openStore({ dataDir });
    const feed = collect(watcher);
    await writer.insert('feed_items', { _id: 'x', n: 1 });
    await eventually(() => (feed.events.length >= 1 ? true : undefined), "the other store's insert");
    expect(feed.events).toEqual([
      { collection: 'feed_items', id: 'x', before: null, after: { _id: 'x', n: 1 }, commit: expect.any(String) },
    ]);
    feed.stop();
    await watcher.close();
    await writer.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
});
