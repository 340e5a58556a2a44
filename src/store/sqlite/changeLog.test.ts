import Database from 'better-sqlite3';
import { createTableSql } from './schemaSql';
import {
  beginCommitSql,
  CHANGE_LOG_RETENTION_MS,
  CHANGE_LOG_TABLE,
  changeTriggersSql,
  createChangeLogSql,
  ensureChangeLog,
  eventFromRow,
  trimChangeLogSql,
} from './changeLog';

function database(): Database.Database {
  const db = new Database(':memory:');
  for (const sql of [...createChangeLogSql(), createTableSql('notes'), ...changeTriggersSql('notes')]) db.exec(sql);
  return db;
}

type Row = {
  seq: number;
  at: number;
  collection: string;
  id: string;
  before: string | null;
  after: string | null;
  txn: number | null;
};
const rows = (db: Database.Database) => db.prepare(`SELECT * FROM ${CHANGE_LOG_TABLE} ORDER BY seq`).all() as Row[];

describe('the SQLite change log', () => {
  test('triggers log insert, update and delete with the documents before and after, numbered in order', () => {
    const db = database();
    db.prepare('INSERT INTO "c_notes" (id, doc) VALUES (?, ?)').run('n1', '{"title":"a"}');
    db.prepare('UPDATE "c_notes" SET doc = ? WHERE id = ?').run('{"title":"b"}', 'n1');
    db.prepare('DELETE FROM "c_notes" WHERE id = ?').run('n1');
    expect(rows(db).map(eventFromRow)).toEqual([
      { collection: 'notes', id: 'n1', before: null, after: { _id: 'n1', title: 'a' }, commit: '0' },
      {
        collection: 'notes',
        id: 'n1',
        before: { _id: 'n1', title: 'a' },
        after: { _id: 'n1', title: 'b' },
        commit: '0',
      },
      { collection: 'notes', id: 'n1', before: { _id: 'n1', title: 'b' }, after: null, commit: '0' },
    ]);
    expect(rows(db).map((row) => row.seq)).toEqual([1, 2, 3]);
  });

  test('each write transaction bumps the commit counter first, so the rows of one transaction share its number', () => {
    const db = database();
    const insert = db.prepare('INSERT INTO "c_notes" (id, doc) VALUES (?, ?)');
    const transaction = (ids: string[]) =>
      db.transaction(() => {
        db.prepare(beginCommitSql()).run();
        for (const id of ids) insert.run(id, '{}');
      })();
    transaction(['a', 'b']);
    transaction(['c']);
    expect(rows(db).map((row) => [row.id, eventFromRow(row).commit])).toEqual([
      ['a', '1'],
      ['b', '1'],
      ['c', '2'],
    ]);
  });

  test('a log written before commits were numbered gains the column, and its old rows are commits of their own', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE ${CHANGE_LOG_TABLE} (seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL,
      collection TEXT NOT NULL, id TEXT NOT NULL, before TEXT, after TEXT)`);
    db.prepare(`INSERT INTO ${CHANGE_LOG_TABLE} (at, collection, id, after) VALUES (0, 'notes', 'old', '{}')`).run();
    ensureChangeLog(db);
    ensureChangeLog(db);
    expect(rows(db).map(eventFromRow)).toEqual([
      { collection: 'notes', id: 'old', before: null, after: { _id: 'old' }, commit: 'row 1' },
    ]);
  });

  test('rows carry their time in epoch milliseconds, so trimming by CHANGE_LOG_RETENTION_MS keeps fresh rows and drops old ones', () => {
    const db = database();
    const before = Date.now();
    db.prepare('INSERT INTO "c_notes" (id, doc) VALUES (?, ?)').run('fresh', '{}');
    db.prepare('INSERT INTO "c_notes" (id, doc) VALUES (?, ?)').run('old', '{}');
    db.prepare(`UPDATE ${CHANGE_LOG_TABLE} SET at = at - ? WHERE id = 'old'`).run(CHANGE_LOG_RETENTION_MS + 1000);
    const [fresh] = rows(db);
    expect(fresh.at).toBeGreaterThanOrEqual(before - 5);
    expect(fresh.at).toBeLessThanOrEqual(Date.now() + 5);
    db.prepare(trimChangeLogSql()).run(Date.now() - CHANGE_LOG_RETENTION_MS);
    expect(rows(db).map((row) => row.id)).toEqual(['fresh']);
  });
});
