import type { Filter, Scalar, SortKey } from './Store';
import { keysetAfter, reverseSort } from './keyset';

const asc = (field: string): SortKey => ({ field, direction: 1 });
const desc = (field: string): SortKey => ({ field, direction: -1 });

describe('keysetAfter', () => {
  test.each<[string, SortKey[], Scalar[], Filter]>([
    ['_id only', [asc('_id')], ['k'], { $or: [{ _id: { $gt: 'k' } }] }],
    ['descending _id (always present: no null branch)', [desc('_id')], ['k'], { $or: [{ _id: { $lt: 'k' } }] }],
    [
      'ascending field, then _id: a range on the first key leads',
      [asc('n'), asc('_id')],
      [3, 'k'],
      {
        $and: [
          { n: { $gte: 3 } },
          {
            $or: [{ n: { $gt: 3 } }, { $and: [{ n: { $eq: 3 } }, { _id: { $gt: 'k' } }] }],
          },
        ],
      },
    ],
    [
      'ascending from null: every non-null value is after',
      [asc('n'), asc('_id')],
      [null, 'k'],
      {
        $or: [{ n: { $ne: null } }, { $and: [{ n: { $eq: null } }, { _id: { $gt: 'k' } }] }],
      },
    ],
    [
      'descending field: lower values, then the missing ones (no leading range: nulls come last)',
      [desc('n'), asc('_id')],
      [3, 'k'],
      {
        $or: [{ $or: [{ n: { $lt: 3 } }, { n: { $eq: null } }] }, { $and: [{ n: { $eq: 3 } }, { _id: { $gt: 'k' } }] }],
      },
    ],
    [
      'descending from null: only ties on null remain',
      [desc('n'), desc('_id')],
      [null, 'k'],
      {
        $or: [{ $and: [{ n: { $eq: null } }, { _id: { $lt: 'k' } }] }],
      },
    ],
    [
      'three keys',
      [desc('a'), asc('b'), asc('_id')],
      ['x', false, 'k'],
      {
        $or: [
          { $or: [{ a: { $lt: 'x' } }, { a: { $eq: null } }] },
          { $and: [{ a: { $eq: 'x' } }, { b: { $gt: false } }] },
          { $and: [{ a: { $eq: 'x' } }, { b: { $eq: false } }, { _id: { $gt: 'k' } }] },
        ],
      },
    ],
  ])('%s', (_name, sort, position, expected) => {
    expect(keysetAfter(sort, position)).toEqual(expected);
  });

  test('a descending field every document has gets a leading range and no null branch', () => {
    expect(keysetAfter([desc('createdAt'), desc('_id')], ['2026', 'k'], new Set(['_id', 'createdAt']))).toEqual({
      $and: [
        { createdAt: { $lte: '2026' } },
        {
          $or: [{ createdAt: { $lt: '2026' } }, { $and: [{ createdAt: { $eq: '2026' } }, { _id: { $lt: 'k' } }] }],
        },
      ],
    });
  });

  test('a position must have one value per sort key', () => {
    expect(() => keysetAfter([asc('n'), asc('_id')], ['k'])).toThrow('keyset position has 1 values for 2 sort keys');
  });
});

describe('reverseSort', () => {
  test('flips every direction and keeps the order', () => {
    expect(reverseSort([asc('a'), desc('b'), asc('_id')])).toEqual([desc('a'), asc('b'), desc('_id')]);
  });
});
