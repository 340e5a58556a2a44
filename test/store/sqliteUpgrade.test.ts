import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, SQLITE_FILE_NAME } from '../../src/store/openStore';

/**
 * Data files written by earlier versions keep working: their `WITHOUT ROWID` tables are rebuilt
 * as rowid tables (whose expression indexes count without visiting the table) on the next start,
 * with every document, index and the kept count in place.
 */
test("an earlier version's embedded file is upgraded in place on start", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'graphkeep-upgrade-'));
  try {
    const old = new Database(join(dataDir, SQLITE_FILE_NAME));
    old.exec(`CREATE TABLE "c_Note" (id TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID`);
    old.exec(`CREATE UNIQUE INDEX "gk_Note__slug_unique" ON "c_Note" (json_extract(doc, '$.slug'))`);
    const insert = old.prepare('INSERT INTO "c_Note" (id, doc) VALUES (?, ?)');
    for (let i = 0; i < 30; i++)
      insert.run(`n${i}`, JSON.stringify({ slug: `s${i}`, author: i % 3 === 0 ? 'ada' : 'bob' }));
    old.close();

    const store = await openStore({ dataDir });
    try {
      await store.ensureCollections([
        { name: 'Note', indexes: [{ fields: ['slug'], unique: true }, { fields: ['author'] }] },
      ]);
      expect(await store.count('Note', {})).toBe(30);
      expect(await store.count('Note', { author: { $eq: 'ada' } })).toBe(10);
      expect((await store.findByIds('Note', ['n7']))[0]).toEqual({ _id: 'n7', slug: 's7', author: 'bob' });
      await expect(store.insert('Note', { _id: 'n99', slug: 's1' })).rejects.toThrow('unique index');
      await store.insert('Note', { _id: 'n30', slug: 's30' });
      expect(await store.count('Note', {})).toBe(31);
    } finally {
      await store.close();
    }

    const reopened = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true });
    const tableSql = reopened.prepare(`SELECT sql FROM sqlite_master WHERE name = 'c_Note'`).pluck().get() as string;
    reopened.close();
    expect(tableSql).not.toMatch(/WITHOUT ROWID/i);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
