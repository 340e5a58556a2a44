import Database from 'better-sqlite3';
import { createTableSql } from './schemaSql';
import {
  CHANGE_LOG_RETENTION_MS,
  CHANGE_LOG_TABLE,
  changeTriggersSql,
  createChangeLogSql,
  eventFromRow,
  trimChangeLogSql,
} from './changeLog';

function database(): Database.Database {
  const db = new Database(':memory:');
  for (const sql of [...createChangeLogSql(), createTableSql('notes'), ...changeTriggersSql('notes')]) db.exec(sql);
  return db;
}

type Row = { seq: number; at: number; collection: string; id: string; before: string | null; after: string | null };
const rows = (db: Database.Database) => db.prepare(`SELECT * FROM ${CHANGE_LOG_TABLE} ORDER BY seq`).all() as Row[];

describe('the SQLite change log', () => {
  test('triggers log insert, update and delete with the documents before and after, numbered in order', () => {
    const db = database();
    db.prepare('INSERT INTO "c_notes" (id, doc) VALUES (?, ?)').run('n1', '{"title":"a"}');
    db.prepare('UPDATE "c_notes" SET doc = ? WHERE id = ?').run('{"title":"b"}', 'n1');
    db.prepare('DELETE FROM "c_notes" WHERE id = ?').run('n1');
    expect(rows(db).map(eventFromRow)).toEqual([
      { collection: 'notes', id: 'n1', before: null, after: { _id: 'n1', title: 'a' } },
      { collection: 'notes', id: 'n1', before: { _id: 'n1', title: 'a' }, after: { _id: 'n1', title: 'b' } },
      { collection: 'notes', id: 'n1', before: { _id: 'n1', title: 'b' }, after: null },
    ]);
    expect(rows(db).map((row) => row.seq)).toEqual([1, 2, 3]);
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
