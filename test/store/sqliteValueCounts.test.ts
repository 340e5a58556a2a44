import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, SQLITE_FILE_NAME } from '../../src/store/openStore';

/**
 * A data file whose rows were written before a field was counted: the first start that counts
 * it seeds the per-value counts from the rows (once), and from then on a count by equality on
 * the field is read from the kept counts, not from the rows.
 */
test('per-value counts are seeded once from the rows an existing file already holds', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'graphkeep-value-counts-'));
  const file = join(dataDir, SQLITE_FILE_NAME);
  try {
    const store = await openStore({ dataDir });
    try {
      await store.ensureCollections([{ name: 'Note', indexes: [{ fields: ['author'] }] }]);
      for (let i = 0; i < 30; i++)
        await store.insert('Note', { _id: `n${i}`, ...(i % 10 === 9 ? {} : { author: i % 3 === 0 ? 'ada' : 'bob' }) });
    } finally {
      await store.close();
    }

    const reopened = await openStore({ dataDir });
    try {
      const spec = { name: 'Note', indexes: [{ fields: ['author'] }], countedFields: ['author'] };
      await reopened.ensureCollections([spec]);
      const kept = () => {
        const db = new Database(file, { readonly: true });
        try {
          return db
            .prepare(
              `SELECT value, n FROM gk_value_counts WHERE collection = 'Note' AND field = 'author' ORDER BY value`,
            )
            .all();
        } finally {
          db.close();
        }
      };
      // n9, n19, n29 have no author; of the rest, multiples of 3 are ada's.
      expect(kept()).toEqual([
        { value: 'ada', n: 9 },
        { value: 'bob', n: 18 },
      ]);
      expect(await reopened.count('Note', { author: { $eq: 'ada' } })).toBe(9);
      await reopened.insert('Note', { _id: 'n30', author: 'ada' });
      expect(kept()).toEqual([
        { value: 'ada', n: 10 },
        { value: 'bob', n: 18 },
      ]);

      // The count is the kept row, and a later start does not seed again: changed behind the
      // store's back, the row survives ensureCollections and the answer follows it.
      const writer = new Database(file);
      writer
        .prepare(`UPDATE gk_value_counts SET n = 1000 WHERE collection = 'Note' AND field = 'author' AND value = 'bob'`)
        .run();
      writer.close();
      await reopened.ensureCollections([spec]);
      expect(kept()).toEqual([
        { value: 'ada', n: 10 },
        { value: 'bob', n: 1000 },
      ]);
      expect(await reopened.count('Note', { author: { $eq: 'bob' } })).toBe(1000);
      expect(await reopened.count('Note', { author: { $eq: 'nobody' } })).toBe(0);
      // A grouped count (every parent's totalCount in a nested page) reads the same rows when
      // nothing filters it; with a filter, it counts the rows.
      const byAuthor = { groupBy: { field: 'author' }, groups: ['bob', 'ada', 'nobody'] };
      expect(await reopened.countGrouped('Note', { ...byAuthor, filter: { $and: [{}] } })).toEqual(
        new Map([
          ['bob', 1000],
          ['ada', 10],
        ]),
      );
      expect(await reopened.countGrouped('Note', { ...byAuthor, filter: { _id: { $ne: 'n0' } } })).toEqual(
        new Map([
          ['bob', 18],
          ['ada', 9],
        ]),
      );
    } finally {
      await reopened.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
