import Database from 'better-sqlite3';
import { join } from 'node:path';
import { SQLITE_FILE_NAME } from '../../src/store/openStore';
import { countSql, findSql } from '../../src/store/sqlite/toSql';
import type { FindQuery, Filter, Store, StoreOperations } from '../../src/store/Store';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, type TestUser } from '../support/users';

const SCHEMA = `
  type Note @model {
    title: String
    author: User @relation(name: "NoteAuthor")
    readers: [User!]! @relation(name: "NoteReaders")
    remarks: [Remark!]! @relation(name: "NoteRemarks")
  }
  type Remark @model { text: String  note: Note @relation(name: "NoteRemarks") }
  extend type User {
    notes: [Note!]! @relation(name: "NoteAuthor")
    reading: [Note!]! @relation(name: "NoteReaders")
  }
`;
const RULES = {
  User: [
    { scope: 'EVERYONE', create: true },
    { scope: 'AUTHENTICATED', read: true, fields: ['username'] },
  ],
  // A many-to-many path: a note is visible to its readers (and to its author).
  Note: [
    { scope: 'AUTHENTICATED', create: true },
    { scope: 'RELATION', userFields: ['readers', 'author'], read: true },
    { scope: 'RELATION', userFields: ['author'], update: true },
  ],
  // A dotted path: a remark is visible to the author of its note.
  Remark: [
    { scope: 'AUTHENTICATED', create: true },
    { scope: 'RELATION', userFields: ['note.author'], read: true },
  ],
};

/** Every `find` and `count` the server makes, as the embedded adapter would run it. */
function recordingStore(recorded: { collection: string; query: FindQuery | { filter: Filter } }[]) {
  const record = <T extends StoreOperations>(target: T): T =>
    new Proxy(target, {
      get(object, property, receiver) {
        const value = Reflect.get(object, property, receiver);
        if (typeof value !== 'function') return value;
        if (property === 'find')
          return (collection: string, query: FindQuery) => {
            recorded.push({ collection, query });
            return value.call(object, collection, query);
          };
        if (property === 'count')
          return (collection: string, filter: Filter) => {
            recorded.push({ collection, query: { filter } });
            return value.call(object, collection, filter);
          };
        return value.bind(object);
      },
    });
  return (store: Store) => record(store);
}

/**
 * docs/permissions.md#what-each-operation-checks: a RELATION rule is a filter in the store query, and rule-driven indexes make
 * that filter an index seek. Each query the server runs for a RELATION-filtered page is
 * explained by SQLite itself (`EXPLAIN QUERY PLAN`) and may not scan a table.
 */
describe('a RELATION-filtered page uses an index, never a full scan (SQLite query plans)', () => {
  const recorded: { collection: string; query: FindQuery | { filter: Filter } }[] = [];
  let server: TestServer;
  let db: Database.Database;
  let alice: TestUser;
  let bob: TestUser;
  beforeAll(async () => {
    server = await startTestServer({ schema: SCHEMA, permissions: RULES, wrapStore: recordingStore(recorded) });
    [alice, bob] = [await signUp(server, 'alice'), await signUp(server, 'bob')];
    for (let i = 0; i < 5; i += 1) {
      const note = await server.request(
        `mutation($a: ID!) { createNote(input: { title: "n", authorId: $a }) { changedNote { id } } }`,
        { a: alice.id },
        alice.token,
      );
      const id = note.data.createNote.changedNote.id;
      const linked = await server.request(
        `mutation($n: ID!, $u: ID!) { addToNoteReadersConnection(input: { noteId: $n, userId: $u }) { clientMutationId } }`,
        { n: id, u: bob.id },
        alice.token,
      );
      if (linked.errors) throw new Error(JSON.stringify(linked.errors));
      const remark = await server.request(
        `mutation($n: ID!) { createRemark(input: { text: "r", noteId: $n }) { clientMutationId } }`,
        { n: id },
        bob.token,
      );
      if (remark.errors) throw new Error(JSON.stringify(remark.errors));
    }
    db = new Database(join(server.dataDir, SQLITE_FILE_NAME), { readonly: true });
  });
  afterAll(async () => {
    db?.close();
    await server?.stop();
  });

  /** Every query a request made, as SQL, with the plan SQLite gives it (one detail per row). */
  async function plansOf(query: string, token: string): Promise<{ sql: string; plan: string[] }[]> {
    recorded.length = 0;
    const response = await server.request(query, {}, token);
    if (response.errors) throw new Error(JSON.stringify(response.errors));
    return recorded.map(({ collection, query: q }) => {
      // The very statements the adapter runs.
      const { sql, params } = 'sort' in q ? findSql(collection, q) : countSql(collection, q.filter);
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map(
        (row) => row.detail,
      );
      return { sql, plan };
    });
  }

  // A page walks its sort index and probes the rule's indexes per row until the limit (a
  // correlated semi-join, docs/relations.md): `SCAN … USING INDEX` in sort order is that walk.
  // A scan of a table without an index is what may never happen.
  const scans = (plans: { plan: string[] }[]) =>
    plans.flatMap((p) => p.plan).filter((detail) => /^SCAN /.test(detail) && !/USING (COVERING )?INDEX/.test(detail));

  test('many-to-many: the notes bob reads', async () => {
    const plans = await plansOf('{ allNotes(first: 3) { totalCount edges { node { id } } } }', bob.token);
    expect(plans.some((p) => p.sql.includes('"c__link_NoteReaders"'))).toBe(true);
    expect(
      plans
        .flatMap((p) => p.plan)
        .some((detail) => /USING (COVERING )?INDEX gk__link_NoteReaders__user__note|USING PRIMARY KEY/.test(detail)),
    ).toBe(true);
    expect(scans(plans)).toEqual([]);
  });

  test('dotted path: the remarks on notes alice wrote', async () => {
    const plans = await plansOf('{ allRemarks(first: 3) { totalCount edges { node { id } } } }', alice.token);
    expect(
      plans
        .flatMap((p) => p.plan)
        .some((detail) => /USING (COVERING )?INDEX gk_Note__author__createdAt___id/.test(detail)),
    ).toBe(true);
    expect(
      plans
        .flatMap((p) => p.plan)
        .some((detail) => /c_Remark USING (COVERING )?INDEX gk_Remark__note__createdAt___id/.test(detail)),
    ).toBe(true);
    expect(scans(plans)).toEqual([]);
  });

  test('the pages hold what the rules allow', async () => {
    expect((await server.request('{ allNotes { totalCount } }', {}, bob.token)).data.allNotes.totalCount).toBe(5);
    expect((await server.request('{ allRemarks { totalCount } }', {}, alice.token)).data.allRemarks.totalCount).toBe(5);
    expect((await server.request('{ allRemarks { totalCount } }', {}, bob.token)).data.allRemarks.totalCount).toBe(0);
  });
});
