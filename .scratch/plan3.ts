import Database from 'better-sqlite3';
import { findGroupedSql, countGroupedSql } from '../src/store/sqlite/groupedSql';
const db = new Database(':memory:');
db.exec(`CREATE TABLE "c_Comment" (id TEXT PRIMARY KEY, doc TEXT) WITHOUT ROWID; CREATE TABLE "c_Tag" (id TEXT PRIMARY KEY, doc TEXT) WITHOUT ROWID; CREATE TABLE "c__link_PostTags" (id TEXT PRIMARY KEY, doc TEXT) WITHOUT ROWID;
CREATE INDEX c1 ON "c_Comment" (json_extract(doc,'$.createdAt'), id);
CREATE INDEX c2 ON "c_Comment" (json_extract(doc,'$.post'), json_extract(doc,'$.createdAt'), id);
CREATE INDEX t1 ON "c_Tag" (json_extract(doc,'$.createdAt'), id);
CREATE UNIQUE INDEX l1 ON "c__link_PostTags" (json_extract(doc,'$.post'), json_extract(doc,'$.tag'));
CREATE INDEX l2 ON "c__link_PostTags" (json_extract(doc,'$.tag'), json_extract(doc,'$.post'));`);
const ins = (t: string) => db.prepare(`INSERT INTO "${t}" VALUES (?, ?)`);
db.transaction(() => { for (let i = 0; i < 100000; i++) { ins('c_Comment').run('c' + i, JSON.stringify({ post: 'p' + Math.floor(i / 5), createdAt: String(i).padStart(8, '0') })); ins('c__link_PostTags').run('l' + i, JSON.stringify({ post: 'p' + i, tag: 't0' })); }
 ins('c_Tag').run('t0', JSON.stringify({ createdAt: '0' })); ins('c_Tag').run('t1', JSON.stringify({ createdAt: '1' })); })();
const groups = Array.from({ length: 20 }, (_, i) => 'p' + i);
const sort = [{ field: 'createdAt', direction: 1 as const }, { field: '_id', direction: 1 as const }];
const qs = {
  comments: findGroupedSql('Comment', { groupBy: { field: 'post' }, groups, filter: {}, sort, limit: 6 }),
  count: countGroupedSql('Comment', { groupBy: { field: 'post' }, groups, filter: {} }),
  tags: findGroupedSql('Tag', { groupBy: { through: { collection: '_link_PostTags', group: 'post', target: 'tag', filter: {} } }, groups, filter: {}, sort, limit: 6 }),
};
for (const [k, q] of Object.entries(qs)) {
  console.log(k, db.prepare('EXPLAIN QUERY PLAN ' + q.sql).all(...q.params).map((r: any) => r.detail).join(' | '));
  const t = process.hrtime.bigint(); for (let i = 0; i < 50; i++) db.prepare(q.sql).all(...q.params); console.log(k, Number(process.hrtime.bigint() - t) / 50e6, 'ms');
}
