import { keysetAfter, reverseSort } from '../../src/store/keyset';
import { matchesFilter } from '../../src/store/matchesFilter';
import type { IndexSpec, Scalar, SortKey, Store, StoredDoc } from '../../src/store/Store';
import { MATCH_NOTHING, UniqueViolation } from '../../src/store/Store';
import { reachableAdapters } from './adapters';
import { DOCS, FILTER_CASES } from './filterCases';
import { KEYSET_DOCS, KEYSET_SORTS, SORT_CASES, UPDATE_CASES } from './sortAndUpdateCases';
import { SEMI_JOIN_DOCS, semiJoinCases } from './semiJoinCases';
import { matchesFilterWithStore } from '../../src/store/matchesFilterWithStore';
import { semiJoinProbe } from '../../src/store/semiJoinProbe';

/**
 * The store port's contract, run unchanged on every adapter this machine can reach: what one
 * adapter does here, every adapter must do.
 */
if (!process.env.MONGODB_URI) {
  // Skipped on purpose, and said so: these machines have no MongoDB server; CI with one sets
  // MONGODB_URI and the same suite runs there (see describe.each below).
  console.log('store conformance: MongoDB run skipped (MONGODB_URI not set)');
  test.skip('mongo adapter (MONGODB_URI not set)', () => undefined);
}

const asc = (field: string): SortKey => ({ field, direction: 1 });
const desc = (field: string): SortKey => ({ field, direction: -1 });
const ids = (docs: StoredDoc[]) => docs.map((doc) => doc._id);
const byId = (a: StoredDoc, b: StoredDoc) => (a._id < b._id ? -1 : 1);

/** Null (missing) first, then numbers, then strings: the order both databases use. */
function compareValues(a: Scalar, b: Scalar): number {
  if (a === b) return 0;
  if (a === null || b === null) return a === null ? -1 : 1;
  if (typeof a !== typeof b) return typeof a === 'number' ? -1 : 1;
  return a < b ? -1 : 1;
}

function positionOf(doc: StoredDoc, sort: SortKey[]): Scalar[] {
  return sort.map((key) => (doc[key.field] ?? null) as Scalar);
}

function sortedInMemory(docs: StoredDoc[], sort: SortKey[]): string[] {
  return ids(
    [...docs].sort((a, b) => {
      for (const key of sort) {
        const order = compareValues(positionOf(a, [key])[0], positionOf(b, [key])[0]) * key.direction;
        if (order !== 0) return order;
      }
      return 0;
    }),
  );
}

describe.each(reachableAdapters())('$name store', (adapter) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let collections = 0;

  beforeAll(async () => {
    ({ store, dispose } = await adapter.open());
  });
  afterAll(async () => {
    await dispose?.();
  });

  /** A new collection per test, so tests share the store but never each other's data. */
  async function collection(label: string, docs: StoredDoc[] = [], indexes: IndexSpec[] = []): Promise<string> {
    collections += 1;
    const name = `t${collections}_${label}`;
    await store.ensureCollections([{ name, indexes }]);
    for (const doc of docs) await store.insert(name, doc);
    return name;
  }

  const all = (name: string) => store.find(name, { filter: {}, sort: [asc('_id')], limit: 1000 });

  test('kind names the adapter, ping answers', async () => {
    expect(store.kind).toBe(adapter.name);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  test('ensureCollections is idempotent and keeps the data', async () => {
    const indexes = [{ fields: ['n'] }, { fields: ['tag'], unique: true }, { fields: ['name', 'n'], unique: true }];
    const name = await collection('ensure', DOCS.slice(0, 2), indexes);
    await store.ensureCollections([{ name, indexes }]);
    await store.ensureCollections([
      { name, indexes },
      { name: `${name}_other`, indexes: [] },
    ]);
    expect(ids(await all(name))).toEqual(['d01', 'd02']);
  });

  test('an unfiltered count stays exact through inserts, deletes, rollbacks and restarts of the schema', async () => {
    const name = await collection('counted', DOCS);
    const recount = async () => (await all(name)).length;
    expect(await store.count(name, {})).toBe(DOCS.length);
    expect(await store.count(name, { $and: [{}, { $and: [] }] })).toBe(DOCS.length);
    await store.deleteMany(name, { n: { $eq: null } });
    await store.insert(name, { _id: 'extra' });
    await expect(
      store.transaction(async (tx) => {
        await tx.insert(name, { _id: 'rolled-back' });
        await tx.deleteMany(name, {});
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    await expect(store.insert(name, { _id: 'extra' })).rejects.toThrow(UniqueViolation);
    await store.ensureCollections([{ name, indexes: [] }]);
    expect(await store.count(name, {})).toBe(await recount());
    expect(await store.count(name, {})).toBe(DOCS.length - DOCS.filter((d) => d.n == null).length + 1);
  });

  test('a count by equality on a counted field stays exact through every kind of write', async () => {
    collections += 1;
    const name = `t${collections}_valueCounted`;
    const spec = { name, indexes: [{ fields: ['author'] }], countedFields: ['author', 'n'] };
    await store.ensureCollections([spec]);
    for (let i = 0; i < 12; i++)
      await store.insert(name, { _id: `p${i}`, author: i % 3 === 0 ? 'ada' : 'bob', n: i % 2 });
    await store.insert(name, { _id: 'anonymous' });
    const recount = async (field: string, value: Scalar) =>
      (await all(name)).filter((doc) => doc[field] === value).length;
    const expectExact = async () => {
      for (const [field, value] of [
        ['author', 'ada'],
        ['author', 'bob'],
        ['author', 'cyd'],
        ['n', 0],
        ['n', 1],
      ] as [string, Scalar][]) {
        const expected = await recount(field, value);
        expect(await store.count(name, { [field]: { $eq: value } })).toBe(expected);
        expect(await store.count(name, { $and: [{}, { [field]: { $eq: value } }] })).toBe(expected);
      }
    };
    await expectExact();
    expect(await store.count(name, { author: { $eq: 'ada' } })).toBe(4);
    await store.update(name, 'p1', { set: { author: 'ada' } }); // changes the value
    await store.update(name, 'anonymous', { set: { author: 'cyd', n: 1 } }); // sets it
    await store.update(name, 'p3', { unset: ['author'] }); // clears it
    await store.update(name, 'p4', { set: { author: 'bob' } }); // the same value again
    await store.update(name, 'p5', { set: { author: null } }); // null is no value
    await expectExact();
    await store.deleteMany(name, { author: { $eq: 'bob' } });
    await store.deleteMany(name, { _id: { $eq: 'p0' } });
    await expectExact();
    await expect(
      store.transaction(async (tx) => {
        await tx.insert(name, { _id: 'rolled-back', author: 'ada' });
        await tx.update(name, 'p6', { set: { author: 'cyd' } });
        await tx.deleteMany(name, {});
        expect(await tx.count(name, { author: { $eq: 'ada' } })).toBe(0);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    await expectExact();
    await store.transaction(async (tx) => {
      await tx.insert(name, { _id: 'committed', author: 'ada' });
      expect(await tx.count(name, { author: { $eq: 'ada' } })).toBe((await recount('author', 'ada')) + 1);
    });
    await store.ensureCollections([spec]);
    await expectExact();
    expect(await store.count(name, { author: { $eq: 'ada' } })).toBe(4);
  });

  test('insert then findByIds returns the documents as stored', async () => {
    const name = await collection('insert', DOCS);
    const found = await store.findByIds(name, ['d08', 'nope', 'd01']);
    expect(found.sort(byId)).toEqual([DOCS[0], DOCS[7]]);
    expect(await store.findByIds(name, [])).toEqual([]);
  });

  describe('filters', () => {
    let name: string;
    beforeAll(async () => {
      name = await collection('filters', DOCS);
    });

    test.each(FILTER_CASES)('%s', async (_label, filter, expected) => {
      expect(ids(await store.find(name, { filter, sort: [asc('_id')], limit: 100 }))).toEqual(expected);
      expect(await store.count(name, filter)).toBe(expected.length);
    });

    test.each(FILTER_CASES)('matchesFilter agrees with find: %s', async (_label, filter) => {
      const found = ids(await store.find(name, { filter, sort: [asc('_id')], limit: 100 }));
      expect(ids(DOCS.filter((doc) => matchesFilter(filter, doc)))).toEqual(found);
    });
  });

  describe('across collections: semi-joins ($inSelect) and grouped queries', () => {
    const names = { docs: '', notes: '', links: '' };
    beforeAll(async () => {
      names.docs = await collection('sjdocs', SEMI_JOIN_DOCS.docs, [{ fields: ['owner'] }]);
      names.notes = await collection('sjnotes', SEMI_JOIN_DOCS.notes, [{ fields: ['doc'] }]);
      names.links = await collection('sjlinks', SEMI_JOIN_DOCS.links, [{ fields: ['user', 'doc'] }]);
    });
    // The collections' names are known only once created: the cases are built per test.
    const cases = semiJoinCases({ docs: 'docs', links: 'links' }).map(([label], i) => [label, i] as const);
    const caseAt = (i: number) => semiJoinCases(names)[i];

    test.each(cases)('find, count and deleteMany agree: %s', async (_label, i) => {
      const [, filter, expected] = caseAt(i);
      expect(ids(await store.find(names.notes, { filter, sort: [asc('_id')], limit: 100 }))).toEqual(expected);
      expect(await store.count(names.notes, filter)).toBe(expected.length);
      const copy = await collection('sjcopy', SEMI_JOIN_DOCS.notes);
      expect(await store.deleteMany(copy, filter)).toBe(expected.length);
      expect(ids(await all(copy))).toEqual(ids(SEMI_JOIN_DOCS.notes).filter((id) => !expected.includes(id)));
    });

    test.each(cases)('matchesFilterWithStore agrees with find: %s', async (_label, i) => {
      const [, filter, expected] = caseAt(i);
      // Asked one by one, and all at once (batched into one query per semi-join).
      const matched: string[] = [];
      for (const doc of SEMI_JOIN_DOCS.notes)
        if (await matchesFilterWithStore(semiJoinProbe(store), filter, doc)) matched.push(doc._id);
      expect(matched).toEqual(expected);
      const probe = semiJoinProbe(store);
      const together = await Promise.all(SEMI_JOIN_DOCS.notes.map((doc) => matchesFilterWithStore(probe, filter, doc)));
      expect(SEMI_JOIN_DOCS.notes.filter((_doc, j) => together[j]).map((doc) => doc._id)).toEqual(expected);
    });

    test('sort, limit and keyset apply after the join: pages are exact', async () => {
      const [, inner] = caseAt(3);
      const sort = [desc('n'), asc('_id')];
      const first = await store.find(names.notes, { filter: inner, sort, limit: 2 });
      expect(ids(first)).toEqual(['n7', 'n3']);
      const after = keysetAfter(sort, positionOf(first[1], sort));
      expect(ids(await store.find(names.notes, { filter: { $and: [inner, after] }, sort, limit: 2 }))).toEqual([
        'n2',
        'n1',
      ]);
      expect(await store.find(names.notes, { filter: inner, sort, limit: 0 })).toEqual([]);
    });

    test('a probe on a field that repeats: a full batch is re-asked per value, so no answer is lost', async () => {
      const join = { collection: names.notes, field: 'doc', filter: {} };
      const probe = semiJoinProbe(store);
      // d1 has two notes: a batch of two values may be filled by d1's alone.
      expect(await Promise.all(['d1', 'd3'].map((value) => probe.inSelect(join, value)))).toEqual([true, true]);
      expect(await Promise.all(['d1', 'd2', 'd9'].map((value) => probe.inSelect(join, value)))).toEqual([
        true,
        true,
        false,
      ]);
    });

    const grouped = (docs: { group: string; doc: StoredDoc }[]) => docs.map(({ group, doc }) => `${group}:${doc._id}`);

    test.each<[string, number, string[]]>([
      ['the first of each group, in sort order', 1, ['d1:n7', 'd2:n2', 'd3:n3']],
      ['up to the limit per group; a group with none is absent', 5, ['d1:n7', 'd1:n1', 'd2:n2', 'd3:n3']],
    ])('findGrouped by a field: %s', async (_label, limit, expected) => {
      const query = {
        groupBy: { field: 'doc' },
        groups: ['d1', 'd3', 'd2', 'dZ'],
        filter: {},
        sort: [desc('n'), asc('_id')],
        limit,
      };
      expect(grouped(await store.findGrouped(names.notes, query)).sort()).toEqual([...expected].sort());
      // Within a group, the order is the sort's.
      const d1 = (await store.findGrouped(names.notes, query))
        .filter((row) => row.group === 'd1')
        .map((row) => row.doc._id);
      expect(d1).toEqual(expected.filter((e) => e.startsWith('d1:')).map((e) => e.slice(3)));
      // A group asked twice is answered once.
      expect(grouped(await store.findGrouped(names.notes, { ...query, groups: ['d1', 'd1'] }))).toEqual(
        expected.filter((e) => e.startsWith('d1:')),
      );
      expect(await store.countGrouped(names.notes, { ...query, groups: ['d1', 'd1'] })).toEqual(new Map([['d1', 2]]));
    });

    test('findGrouped and countGrouped through links, with the filter and a link filter', async () => {
      const through = (filter = {}) => ({ through: { collection: names.links, group: 'user', target: 'doc', filter } });
      const base = { groups: ['u1', 'u3', 'u9'], sort: [asc('rank'), asc('_id')] };
      expect(
        grouped(await store.findGrouped(names.docs, { ...base, groupBy: through(), filter: {}, limit: 2 })),
      ).toEqual(['u1:d2', 'u1:d3', 'u3:d4']);
      expect(
        grouped(
          await store.findGrouped(names.docs, { ...base, groupBy: through(), filter: { rank: { $gte: 2 } }, limit: 2 }),
        ),
      ).toEqual(['u1:d3', 'u3:d4']);
      expect(
        grouped(
          await store.findGrouped(names.docs, {
            ...base,
            groupBy: through({ _id: { $ne: 'l3' } }),
            filter: {},
            limit: 5,
          }),
        ),
      ).toEqual(['u1:d2', 'u3:d4']);
      // A semi-join in the filter: documents that have a note with n > 2.
      const noted = { _id: { $inSelect: { collection: names.notes, field: 'doc', filter: { n: { $gt: 2 } } } } };
      expect(
        grouped(await store.findGrouped(names.docs, { ...base, groupBy: through(), filter: noted, limit: 5 })),
      ).toEqual(['u1:d3', 'u3:d4']);
      expect(await store.countGrouped(names.docs, { groups: base.groups, groupBy: through(), filter: {} })).toEqual(
        new Map([
          ['u1', 2],
          ['u3', 1],
        ]),
      );
      expect(
        await store.countGrouped(names.docs, {
          groups: base.groups,
          groupBy: through({ _id: { $ne: 'l1' } }),
          filter: noted,
        }),
      ).toEqual(
        new Map([
          ['u1', 1],
          ['u3', 1],
        ]),
      );
    });

    test('countGrouped by a field; empty groups or limit 0 ask nothing', async () => {
      const query = { groupBy: { field: 'doc' }, groups: ['d1', 'd2', 'd3', 'dZ'], filter: {} };
      expect(await store.countGrouped(names.notes, query)).toEqual(
        new Map([
          ['d1', 2],
          ['d2', 1],
          ['d3', 1],
        ]),
      );
      expect(await store.countGrouped(names.notes, { ...query, filter: caseAt(0)[1] })).toEqual(
        new Map([
          ['d1', 2],
          ['d3', 1],
        ]),
      );
      expect(await store.countGrouped(names.notes, { ...query, groups: [] })).toEqual(new Map());
      expect(await store.findGrouped(names.notes, { ...query, sort: [asc('_id')], limit: 0 })).toEqual([]);
    });

    test('matchesFilter refuses a semi-join rather than guess', () => {
      expect(() => matchesFilter(caseAt(0)[1], SEMI_JOIN_DOCS.notes[0])).toThrow(/matchesFilterWithStore/);
    });
  });

  describe('sort and limit', () => {
    let name: string;
    beforeAll(async () => {
      name = await collection('sort', DOCS);
    });

    test.each(SORT_CASES)('%s', async (_label, sort, expected) => {
      expect(ids(await store.find(name, { filter: {}, sort, limit: 100 }))).toEqual(expected);
    });

    test('limit cuts after sorting and filtering', async () => {
      const query = { filter: { n: { $ne: null } }, sort: [desc('n'), asc('_id')], limit: 3 };
      expect(ids(await store.find(name, query))).toEqual(['d06', 'd08', 'd02']);
      expect(ids(await store.find(name, { ...query, limit: 1 }))).toEqual(['d06']);
      expect(await store.find(name, { ...query, limit: 0 })).toEqual([]);
    });
  });

  describe('keyset pagination over 25 documents in pages of 4', () => {
    let name: string;
    beforeAll(async () => {
      name = await collection('keyset', KEYSET_DOCS);
    });

    async function walk(sort: SortKey[]): Promise<string[][]> {
      const pages: string[][] = [];
      let position: Scalar[] | null = null;
      while (pages.length <= KEYSET_DOCS.length) {
        const filter = position === null ? {} : keysetAfter(sort, position);
        const page = await store.find(name, { filter, sort, limit: 4 });
        if (page.length > 0) pages.push(ids(page));
        if (page.length < 4) return pages;
        position = positionOf(page[page.length - 1], sort);
      }
      throw new Error('the walk did not end');
    }

    test.each(KEYSET_SORTS)('%s: forward and backward, every document once and in order', async (_label, sort) => {
      const expected = sortedInMemory(KEYSET_DOCS, sort);
      expect(ids(await store.find(name, { filter: {}, sort, limit: 100 }))).toEqual(expected);

      const forward = await walk(sort);
      expect(forward.map((page) => page.length)).toEqual([4, 4, 4, 4, 4, 4, 1]);
      expect(forward.flat()).toEqual(expected);

      // Backward = forward in the reversed order: each page is the 4 documents before the last one seen.
      const backward = await walk(reverseSort(sort));
      expect(backward.flat().reverse()).toEqual(expected);
    });

    test('a position at the end matches nothing; MATCH_NOTHING stays empty', async () => {
      const sort = [desc('score'), asc('_id')];
      const last = sortedInMemory(KEYSET_DOCS, sort).at(-1)!;
      const lastDoc = KEYSET_DOCS.find((doc) => doc._id === last)!;
      expect(await store.find(name, { filter: keysetAfter(sort, positionOf(lastDoc, sort)), sort, limit: 4 })).toEqual(
        [],
      );
      expect(await store.count(name, MATCH_NOTHING)).toBe(0);
    });
  });

  describe('writes', () => {
    test('update sets and unsets fields; false for a missing id', async () => {
      const name = await collection('update', DOCS.slice(0, 2));
      expect(
        await store.update(name, 'd01', { set: { n: 5, tag: 'new', meta: { k: [true] } }, unset: ['flag', 'absent'] }),
      ).toBe(true);
      expect(await store.findByIds(name, ['d01'])).toEqual([
        { _id: 'd01', name: 'alpha', n: 5, tag: 'new', text: 'a.b*c(', meta: { k: [true] } },
      ]);
      expect(await store.update(name, 'nope', { set: { n: 1 } })).toBe(false);
      expect(await store.update(name, 'd02', {})).toBe(true);
      expect(await store.update(name, 'nope', { set: {}, unset: [] })).toBe(false);
      expect(await store.findByIds(name, ['nope'])).toEqual([]);
      expect((await all(name))[1]).toEqual(DOCS[1]);
    });

    test.each(UPDATE_CASES)('update: %s', async (_label, before, update, after) => {
      const name = await collection('updates', [before]);
      expect(await store.update(name, before._id, update)).toBe(true);
      expect(await store.findByIds(name, [before._id])).toEqual([after]);
    });

    test('deleteMany removes the matches and returns how many', async () => {
      const name = await collection('delete', DOCS);
      expect(await store.deleteMany(name, { tag: { $eq: null } })).toBe(3);
      expect(await store.deleteMany(name, MATCH_NOTHING)).toBe(0);
      expect(await store.deleteMany(name, { tag: { $eq: null } })).toBe(0);
      expect(ids(await all(name))).toEqual(['d01', 'd03', 'd04', 'd06', 'd08']);
    });
  });

  describe('unique indexes', () => {
    async function refusal(write: Promise<unknown>): Promise<UniqueViolation> {
      const error = await write.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UniqueViolation);
      return error as UniqueViolation;
    }

    test('a taken value is refused with the index fields; documents without the field never collide', async () => {
      const name = await collection('unique', [], [{ fields: ['email'], unique: true }, { fields: ['n'] }]);
      await store.insert(name, { _id: 'a', email: 'a@x', n: 1 });
      await store.insert(name, { _id: 'b', n: 1 });
      await store.insert(name, { _id: 'c', n: 1 });

      const taken = await refusal(store.insert(name, { _id: 'd', email: 'a@x' }));
      expect({ collection: taken.collection, fields: taken.fields }).toEqual({ collection: name, fields: ['email'] });
      expect((await refusal(store.update(name, 'b', { set: { email: 'a@x' } }))).fields).toEqual(['email']);
      expect((await refusal(store.insert(name, { _id: 'a', email: 'other' }))).fields).toEqual(['_id']);

      // Clearing a value frees it.
      expect(await store.update(name, 'a', { unset: ['email'] })).toBe(true);
      expect(await store.update(name, 'b', { set: { email: 'a@x' } })).toBe(true);
      expect(ids(await all(name))).toEqual(['a', 'b', 'c']);
    });

    test('a compound unique index refuses only the same combination', async () => {
      const name = await collection('compound', [], [{ fields: ['org', 'slug'], unique: true }]);
      await store.insert(name, { _id: '1', org: 'o1', slug: 's' });
      await store.insert(name, { _id: '2', org: 'o2', slug: 's' });
      await store.insert(name, { _id: '3', org: 'o1', slug: 't' });
      await store.insert(name, { _id: '4', org: 'o1' });
      await store.insert(name, { _id: '5', org: 'o1' });
      const violation = await refusal(store.insert(name, { _id: '6', org: 'o2', slug: 's' }));
      expect(violation.fields).toEqual(['org', 'slug']);
      expect(await store.count(name, {})).toBe(5);
    });
  });

  describe('transactions', () => {
    test('commits every write and returns what work returns', async () => {
      const name = await collection('commit', DOCS.slice(0, 2));
      const result = await store.transaction(async (tx) => {
        await tx.insert(name, { _id: 'd09', n: 9 });
        await tx.update(name, 'd01', { set: { n: 100 } });
        await tx.deleteMany(name, { _id: { $eq: 'd02' } });
        return {
          seen: ids(await tx.find(name, { filter: {}, sort: [asc('_id')], limit: 10 })),
          count: await tx.count(name, {}),
        };
      });
      expect(result).toEqual({ seen: ['d01', 'd09'], count: 2 });
      expect(await all(name)).toEqual([
        { ...DOCS[0], n: 100 },
        { _id: 'd09', n: 9 },
      ]);
    });

    test('an error thrown inside rolls back every write made through tx', async () => {
      const name = await collection('rollback', DOCS.slice(0, 3));
      const before = await all(name);
      await expect(
        store.transaction(async (tx) => {
          await tx.insert(name, { _id: 'd09', n: 9 });
          await tx.update(name, 'd01', { set: { n: 100 }, unset: ['tag'] });
          expect(await tx.deleteMany(name, { _id: { $in: ['d02', 'd03'] } })).toBe(2);
          expect(await tx.findByIds(name, ['d09'])).toHaveLength(1);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await all(name)).toEqual(before);
    });

    /**
     * Starts a transaction that writes `doc`, then stays open until `finish()` is called;
     * resolves once the write is made, so the test can look at the store meanwhile.
     */
    async function openTransaction(name: string, doc: StoredDoc, outcome: 'commit' | 'roll back') {
      let finish!: () => void;
      const finished = new Promise<void>((resolve) => {
        finish = resolve;
      });
      let written!: () => void;
      const wrote = new Promise<void>((resolve) => {
        written = resolve;
      });
      const running = store.transaction(async (tx) => {
        await tx.insert(name, doc);
        written();
        await finished;
        if (outcome === 'roll back') throw new Error('rolled back');
      });
      await wrote;
      return { finish, running };
    }

    test('reads outside the transaction see only committed writes, and do not wait for it', async () => {
      const name = await collection('isolation', DOCS.slice(0, 1));
      const open = await openTransaction(name, { _id: 'd09', n: 9 }, 'commit');
      expect(ids(await all(name))).toEqual(['d01']);
      expect(await store.count(name, {})).toBe(1);
      open.finish();
      await open.running;
      expect(ids(await all(name))).toEqual(['d01', 'd09']);
    });

    test('a write outside the transaction waits until it ends, and then lands', async () => {
      const name = await collection('serial', []);
      const open = await openTransaction(name, { _id: 'in', n: 1 }, 'roll back');
      const outside = store.insert(name, { _id: 'out', n: 2 });
      open.finish();
      await expect(open.running).rejects.toThrow('rolled back');
      await outside;
      expect(ids(await all(name))).toEqual(['out']);
    });

    test('a unique violation inside rolls back the writes before it', async () => {
      const name = await collection('txunique', [], [{ fields: ['email'], unique: true }]);
      await store.insert(name, { _id: 'a', email: 'a@x' });
      await expect(
        store.transaction(async (tx) => {
          await tx.insert(name, { _id: 'b', email: 'b@x' });
          await tx.insert(name, { _id: 'c', email: 'a@x' });
        }),
      ).rejects.toBeInstanceOf(UniqueViolation);
      expect(ids(await all(name))).toEqual(['a']);
    });
  });
});
