import type { Filter } from '../Store';
import { semiJoinPipeline, splitConjuncts } from './translateSemiJoin';

const ownedDocs: Filter = { owner: { $eq: 'u1' } };
const inOwned: Filter = { document: { $inSelect: { collection: 'Document', field: '_id', filter: ownedDocs } } };

/** The `$lookup` one semi-join becomes: the first foreign `_id` that matches, or none. */
function lookup(local: string, from: string, foreign: string, as: string, inner: unknown[]) {
  return {
    $lookup: {
      from,
      localField: local,
      foreignField: foreign,
      pipeline: [...inner, { $limit: 1 }, { $project: { _id: 1 } }],
      as,
    },
  };
}

describe('splitConjuncts', () => {
  test.each<[string, Filter, Filter, Filter]>([
    ['nothing joined', { a: { $eq: 1 } }, { a: { $eq: 1 } }, {}],
    ['only joined', inOwned, {}, inOwned],
    [
      'nested $and is flattened',
      { $and: [{ a: { $eq: 1 } }, { $and: [inOwned, { b: { $eq: 2 } }] }] },
      { $and: [{ a: { $eq: 1 } }, { b: { $eq: 2 } }] },
      inOwned,
    ],
    [
      'an $or with a semi-join stays whole',
      { a: { $eq: 1 }, $or: [inOwned, { b: { $eq: 2 } }] },
      { a: { $eq: 1 } },
      { $or: [inOwned, { b: { $eq: 2 } }] },
    ],
  ])('%s', (_name, filter, plain, joined) => {
    expect(splitConjuncts(filter)).toEqual({ plain, joined });
  });
});

describe('semiJoinPipeline', () => {
  test.each<[string, Filter, { sort?: { field: string; direction: 1 | -1 }[]; limit?: number }, unknown[]]>([
    [
      'one semi-join: plain match, sort, lookup, match on its answer, limit, cleanup',
      { $and: [{ text: { $ne: null } }, inOwned] },
      {
        sort: [
          { field: 'createdAt', direction: 1 },
          { field: '_id', direction: 1 },
        ],
        limit: 6,
      },
      [
        { $match: { text: { $ne: null } } },
        { $sort: { createdAt: 1, _id: 1 } },
        lookup('document', 'Document', '_id', '__gk_join0', [{ $match: { owner: { $eq: 'u1' } } }]),
        { $match: { document: { $ne: null }, __gk_join0: { $ne: [] } } },
        { $limit: 6 },
        { $unset: ['__gk_join0'] },
      ],
    ],
    [
      'other operators on the joined field stay beside it',
      { document: { $ne: 'd9', $inSelect: { collection: 'Document', field: '_id', filter: {} } } },
      {},
      [
        lookup('document', 'Document', '_id', '__gk_join0', []),
        { $match: { $and: [{ document: { $ne: 'd9' } }, { document: { $ne: null }, __gk_join0: { $ne: [] } }] } },
        { $unset: ['__gk_join0'] },
      ],
    ],
    [
      'semi-joins under $or each get a lookup',
      {
        $or: [inOwned, { _id: { $inSelect: { collection: 'Links', field: 'doc', filter: { user: { $eq: 'u1' } } } } }],
      },
      {},
      [
        lookup('document', 'Document', '_id', '__gk_join0', [{ $match: { owner: { $eq: 'u1' } } }]),
        lookup('_id', 'Links', 'doc', '__gk_join1', [{ $match: { user: { $eq: 'u1' } } }]),
        {
          $match: {
            $or: [
              { document: { $ne: null }, __gk_join0: { $ne: [] } },
              { _id: { $ne: null }, __gk_join1: { $ne: [] } },
            ],
          },
        },
        { $unset: ['__gk_join0', '__gk_join1'] },
      ],
    ],
    [
      'a nested semi-join becomes a lookup inside the lookup',
      {
        document: {
          $inSelect: {
            collection: 'Document',
            field: '_id',
            filter: { _id: { $inSelect: { collection: 'Links', field: 'document', filter: { user: { $eq: 'u1' } } } } },
          },
        },
      },
      {},
      [
        lookup('document', 'Document', '_id', '__gk_join0', [
          lookup('_id', 'Links', 'document', '__gk_join0', [{ $match: { user: { $eq: 'u1' } } }]),
          { $match: { _id: { $ne: null }, __gk_join0: { $ne: [] } } },
        ]),
        { $match: { document: { $ne: null }, __gk_join0: { $ne: [] } } },
        { $unset: ['__gk_join0'] },
      ],
    ],
    [
      'an empty $or beside a semi-join still matches nothing',
      { $or: [], $and: [inOwned] },
      {},
      [
        { $match: { _id: { $in: [] } } },
        lookup('document', 'Document', '_id', '__gk_join0', [{ $match: { owner: { $eq: 'u1' } } }]),
        { $match: { document: { $ne: null }, __gk_join0: { $ne: [] } } },
        { $unset: ['__gk_join0'] },
      ],
    ],
  ])('%s', (_name, filter, options, expected) => {
    expect(semiJoinPipeline(filter, options)).toEqual(expected);
  });

  test('rejects a field that is not a plain name', () => {
    expect(() => semiJoinPipeline({ a: { $inSelect: { collection: 'C', field: 'x.y', filter: {} } } })).toThrow(
      /not a storable field name/,
    );
  });
});
