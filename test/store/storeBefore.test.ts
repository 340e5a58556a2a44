import fc from 'fast-check';
import { storeBefore } from '../../src/store/storeBefore';
import type { ChangeEvent, Filter, FindQuery, Store, StoredDoc } from '../../src/store/Store';
import { reachableAdapters } from './adapters';

/**
 * `storeBefore(present, changes)` answers as the past store would. Checked differentially: a
 * random past, a random present made from it, and the same questions asked of a store that
 * really holds the past and of the present one seen through the changes between them.
 */
const COLLECTIONS = ['users', 'docs', 'links'] as const;
type World = Record<(typeof COLLECTIONS)[number], StoredDoc[]>;

const named = (name: string): Filter => ({ name: { $eq: name } });
const linkedTo = (user: Filter): Filter => ({
  _id: { $inSelect: { collection: 'links', field: 'doc', filter: user } },
});
const usersNamed = (name: string) => ({ $inSelect: { collection: 'users', field: '_id', filter: named(name) } });

/** What docs' queries ask: plain fields, one hop, two hops, and their negations. */
const FILTERS: [string, Filter][] = [
  ['plain', { rank: { $gte: 2 } }],
  ['linked to u1', linkedTo({ user: { $eq: 'u1' } })],
  ['owned by someone named a', { owner: usersNamed('a') }],
  ['linked to someone named b (two hops)', linkedTo({ user: usersNamed('b') })],
  ['not linked to u2', { $nor: [linkedTo({ user: { $eq: 'u2' } })] }],
  ['linked to u1, or ranked 4', { $or: [linkedTo({ user: { $eq: 'u1' } }), { rank: { $eq: 4 } }] }],
  ['a join beside another condition on one field', { owner: { $ne: 'u3', ...usersNamed('a') } }],
];

const USERS = ['u1', 'u2', 'u3'];
const DOCS = ['d1', 'd2', 'd3', 'd4'];
const user = (id: string) => fc.record({ _id: fc.constant(id), name: fc.constantFrom('a', 'b') });
const doc = (id: string) =>
  fc.record({ _id: fc.constant(id), owner: fc.constantFrom(...USERS), rank: fc.integer({ min: 0, max: 4 }) });
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const world: fc.Arbitrary<World> = fc
  .record({
    users: fc.tuple(...USERS.map((id) => maybe(user(id)))),
    docs: fc.tuple(...DOCS.map((id) => maybe(doc(id)))),
    links: fc.subarray(DOCS.flatMap((d) => USERS.map((u) => ({ _id: `${d}-${u}`, doc: d, user: u })))),
  })
  .map(({ users, docs, links }) => ({
    users: users.flatMap((u): StoredDoc[] => (u ? [u] : [])),
    docs: docs.flatMap((d): StoredDoc[] => (d ? [d] : [])),
    links,
  }));

/** One change per document that differs; `before` from the past, `after` from the present. */
function changesBetween(past: World, present: World): ChangeEvent[] {
  const changes: ChangeEvent[] = [];
  for (const collection of COLLECTIONS) {
    const before = new Map(past[collection].map((d) => [d._id, d]));
    const after = new Map(present[collection].map((d) => [d._id, d]));
    for (const id of new Set([...before.keys(), ...after.keys()])) {
      const [b, a] = [before.get(id) ?? null, after.get(id) ?? null];
      if (JSON.stringify(b) !== JSON.stringify(a)) changes.push({ collection, id, before: b, after: a, commit: 'c' });
    }
  }
  return changes;
}

async function hold(store: Store, state: World): Promise<void> {
  for (const collection of COLLECTIONS) {
    await store.deleteMany(collection, {});
    for (const d of state[collection]) await store.insert(collection, d);
  }
}

const QUERY = (filter: Filter): FindQuery => ({
  filter,
  sort: [
    { field: 'rank', direction: -1 },
    { field: '_id', direction: 1 },
  ],
  limit: 3,
});
const ids = (docs: StoredDoc[]) => docs.map((d) => d._id);

describe.each(reachableAdapters())('storeBefore on $name: the present seen as the past', (adapter) => {
  const reference = reachableAdapters({}).find((a) => a.name === 'sqlite')!;
  let past: Store;
  let present: Store;
  let dispose: (() => Promise<void>)[];
  beforeAll(async () => {
    const [p, q] = [await reference.open(), await adapter.open()];
    [past, present, dispose] = [p.store, q.store, [p.dispose, q.dispose]];
    const specs = COLLECTIONS.map((name) => ({ name, indexes: [] }));
    await past.ensureCollections(specs);
    await present.ensureCollections(specs);
  });
  afterAll(() => Promise.all(dispose.map((d) => d())));

  test('finds, counts, judges single documents and rewrites queries as the past store would', async () => {
    await fc.assert(
      fc.asyncProperty(world, world, async (then, now) => {
        await hold(past, then);
        await hold(present, now);
        const asBefore = storeBefore(present, changesBetween(then, now));
        for (const [name, filter] of FILTERS) {
          expect([name, ids(await asBefore.find('docs', QUERY(filter)))]).toEqual([
            name,
            ids(await past.find('docs', QUERY(filter))),
          ]);
          expect([name, await asBefore.count('docs', filter)]).toEqual([name, await past.count('docs', filter)]);
          // A query on the present store, for the documents the changes left alone.
          const changed = asBefore.changedIds('docs');
          const untouched = await present.find('docs', {
            filter: { $and: [await asBefore.asOfNow(filter), { _id: { $nin: changed } }] },
            sort: [{ field: '_id', direction: 1 }],
            limit: 100,
          });
          const expected = await past.find('docs', {
            filter: { $and: [filter, { _id: { $nin: changed } }] },
            sort: [{ field: '_id', direction: 1 }],
            limit: 100,
          });
          expect([name, ids(untouched)]).toEqual([name, ids(expected)]);
          for (const d of then.docs) {
            const matchedThen = (await past.count('docs', { $and: [{ _id: { $eq: d._id } }, filter] })) === 1;
            expect([name, d._id, await asBefore.matches(filter, d)]).toEqual([name, d._id, matchedThen]);
          }
        }
        expect(ids(await asBefore.findByIds('users', USERS)).sort()).toEqual(ids(then.users).sort());
      }),
      { numRuns: Number(process.env.STORE_BEFORE_RUNS ?? 40) },
    );
  }, 120_000);

  test('with no changes it is the store itself', async () => {
    const same = storeBefore(present, []);
    const filter = linkedTo({ user: { $eq: 'u1' } });
    expect(await same.asOfNow(filter)).toBe(filter);
    expect(ids(await same.find('docs', QUERY(filter)))).toEqual(ids(await present.find('docs', QUERY(filter))));
  });

  test('a document changed twice reads as it was before the first change', async () => {
    await hold(present, { users: [], docs: [{ _id: 'd1', owner: 'u1', rank: 3 }], links: [] });
    const asBefore = storeBefore(present, [
      { collection: 'docs', id: 'd1', before: { _id: 'd1', owner: 'u1', rank: 1 }, after: null, commit: '1' },
      { collection: 'docs', id: 'd1', before: null, after: { _id: 'd1', owner: 'u1', rank: 3 }, commit: '2' },
    ]);
    expect(await asBefore.findByIds('docs', ['d1'])).toEqual([{ _id: 'd1', owner: 'u1', rank: 1 }]);
  });
});
