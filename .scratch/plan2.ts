import Database from 'better-sqlite3';
const db = new Database(':memory:');
db.exec(`CREATE TABLE c_D (id TEXT PRIMARY KEY, doc TEXT) WITHOUT ROWID; CREATE TABLE c_L (id TEXT PRIMARY KEY, doc TEXT) WITHOUT ROWID;
CREATE INDEX d1 ON c_D (json_extract(doc,'$.createdAt'), id);
CREATE UNIQUE INDEX l1 ON c_L (json_extract(doc,'$.document'), json_extract(doc,'$.user'));
CREATE INDEX l2 ON c_L (json_extract(doc,'$.user'), json_extract(doc,'$.document'));`);
const N = Number(process.argv[2] ?? 100000), K = Number(process.argv[3] ?? 1000);
const insD = db.prepare('INSERT INTO c_D VALUES (?, ?)'), insL = db.prepare('INSERT INTO c_L VALUES (?, ?)');
db.transaction(() => { for (let i = 0; i < N; i++) { const id = 'd' + String(i).padStart(8, '0'); insD.run(id, JSON.stringify({ createdAt: String(i).padStart(8,'0') })); if (i % Math.floor(N / K) === 0) insL.run('l' + i, JSON.stringify({ document: id, user: 'u1' })); } })();
const sqls = {
 exists: `SELECT id FROM "c_D" WHERE EXISTS (SELECT 1 FROM "c_L" AS gk_j1 WHERE json_extract(gk_j1.doc,'$.document') = +"c_D".id AND json_extract(gk_j1.doc,'$.user') = 'u1') ORDER BY json_extract(doc,'$.createdAt'), id LIMIT 21`,
 existsCount: `SELECT count(*) FROM "c_D" WHERE EXISTS (SELECT 1 FROM "c_L" AS gk_j1 WHERE json_extract(gk_j1.doc,'$.document') = +"c_D".id AND json_extract(gk_j1.doc,'$.user') = 'u1')`,
 inCount: `SELECT count(*) FROM c_D WHERE id IN (SELECT json_extract(doc,'$.document') FROM c_L WHERE json_extract(doc,'$.user') = 'u1')`,
};
for (const [k, sql] of Object.entries(sqls)) {
  console.log(k, db.prepare('EXPLAIN QUERY PLAN ' + sql).all().map((r: any) => r.detail).join(' | '));
  const t = process.hrtime.bigint(); for (let i = 0; i < 20; i++) db.prepare(sql).all(); console.log(k, Number(process.hrtime.bigint() - t) / 20e6, 'ms');
}
