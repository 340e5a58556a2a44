import { storeBefore, type StoreReads } from '../store/storeBefore';
import type { ChangeEvent, Filter } from '../store/Store';
import { collectionsRead, joinsChanged, semiJoinsOf } from './joinsChanged';

const linkedTo = (user: string): Filter => ({
  _id: { $inSelect: { collection: 'links', field: 'doc', filter: { user: { $eq: user } } } },
});
const twoHops: Filter = {
  _id: {
    $inSelect: {
      collection: 'links',
      field: 'doc',
      filter: { user: { $inSelect: { collection: 'users', field: '_id', filter: { name: { $eq: 'a' } } } } },
    },
  },
};

describe('semiJoinsOf and collectionsRead', () => {
  test.each<[string, Filter, number, string[]]>([
    ['no join', { rank: { $gt: 1 } }, 0, []],
    ['one join', linkedTo('u1'), 1, ['links']],
    ['joins under $and, $or and $nor', { $and: [linkedTo('u1'), { $or: [{ $nor: [linkedTo('u2')] }] }] }, 2, ['links']],
    ['a join inside a join counts once at the top, and is read', twoHops, 1, ['links', 'users']],
  ])('%s', (_name, filter, joins, collections) => {
    expect(semiJoinsOf(filter)).toHaveLength(joins);
    expect([...collectionsRead(filter)].sort()).toEqual(collections);
  });
});

/** The present store is never read for these: each inner filter is decided on the documents in hand. */
const unread: StoreReads = {
  find: () => Promise.reject(new Error('read')),
  findByIds: () => Promise.reject(new Error('read')),
  count: () => Promise.reject(new Error('read')),
};
const change = (collection: string, before: object | null, after: object | null): ChangeEvent => ({
  collection,
  id: 'x',
  before: before && { _id: 'x', ...before },
  after: after && { _id: 'x', ...after },
  commit: 'c',
});

describe('joinsChanged: can the commit change the view of objects it did not write?', () => {
  test.each<[string, ChangeEvent[], boolean]>([
    ['a link to the viewer added', [change('links', null, { doc: 'd1', user: 'u1' })], true],
    ['a link to the viewer removed', [change('links', { doc: 'd1', user: 'u1' }, null)], true],
    ["someone else's link", [change('links', null, { doc: 'd1', user: 'u2' })], false],
    ['a link moved to another document', [change('links', { doc: 'd1', user: 'u1' }, { doc: 'd2', user: 'u1' })], true],
    [
      'a link whose other data changed',
      [change('links', { doc: 'd1', user: 'u1', n: 1 }, { doc: 'd1', user: 'u1', n: 2 })],
      false,
    ],
    ['a write to a collection no join reads', [change('notes', null, { doc: 'd1', user: 'u1' })], false],
  ])('%s: %s', async (_name, changes, expected) => {
    const before = storeBefore(unread, changes);
    const after = storeBefore(unread, []);
    expect(await joinsChanged(linkedTo('u1'), changes, before, after)).toBe(expected);
  });
});
