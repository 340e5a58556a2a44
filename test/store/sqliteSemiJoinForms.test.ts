import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, SQLITE_FILE_NAME } from '../../src/store/openStore';
import { findSql } from '../../src/store/sqlite/toSql';
import type { Store } from '../../src/store/Store';
import { SEMI_JOIN_DOCS, semiJoinCases } from './semiJoinCases';

/**
 * The SQLite adapter writes a page's semi-joins as `EXISTS` or as `IN (SELECT …)` by the sizes
 * it finds (`pageSemiJoins`); on small data it always picks one, so both forms are run here
 * directly, each over every case of the conformance suite, in both sort directions.
 */
let dataDir: string;
let store: Store;
let db: Database.Database;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'graphkeep-semi-join-forms-'));
  store = await openStore({ dataDir });
  await store.ensureCollections([
    { name: 'docs', indexes: [{ fields: ['owner'] }] },
    { name: 'notes', indexes: [{ fields: ['doc'] }] },
    { name: 'links', indexes: [{ fields: ['user', 'doc'] }] },
  ]);
  for (const [collection, docs] of Object.entries(SEMI_JOIN_DOCS))
    for (const doc of docs) await store.insert(collection, doc);
  db = new Database(join(dataDir, SQLITE_FILE_NAME), { readonly: true });
});

afterAll(async () => {
  db.close();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const page = (
  form: 'in' | 'exists',
  filter: Parameters<typeof findSql>[1]['filter'],
  direction: 1 | -1,
  limit = 100,
) => {
  const { sql, params } = findSql(
    'notes',
    {
      filter,
      sort: [
        { field: 'n', direction },
        { field: '_id', direction },
      ],
      limit,
    },
    form,
  );
  return (db.prepare(sql).all(...params) as { id: string }[]).map((row) => row.id);
};

describe.each(['in', 'exists'] as const)('a page with semi-joins written as %s', (form) => {
  test.each(semiJoinCases({ docs: 'docs', links: 'links' }))('%s', (_label, filter, expected) => {
    expect(page(form, filter, 1)).toEqual(expected);
    expect(page(form, filter, -1)).toEqual([...expected].reverse());
    expect(page(form, filter, 1, 2)).toEqual(expected.slice(0, 2));
  });
});
