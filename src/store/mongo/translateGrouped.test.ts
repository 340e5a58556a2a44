import type { GroupedFindQuery } from '../Store';
import { countGroupedAggregation, findGroupedAggregation } from './translateGrouped';

const byPost: GroupedFindQuery = {
  groupBy: { field: 'post' },
  groups: ['p1', 'p2'],
  filter: { hidden: { $ne: true } },
  sort: [
    { field: 'createdAt', direction: -1 },
    { field: '_id', direction: -1 },
  ],
  limit: 6,
};
const throughLinks: GroupedFindQuery = {
  groupBy: { through: { collection: 'PostTags', group: 'post', target: 'tag', filter: { visible: { $eq: true } } } },
  groups: ['p1'],
  filter: { name: { $startsWith: 'a' } },
  sort: [
    { field: 'name', direction: 1 },
    { field: '_id', direction: 1 },
  ],
  limit: 3,
};
const UNWIND_GROUPS = [{ $unwind: '$docs' }, { $project: { _id: 0, group: '$_id', doc: '$docs' } }];

describe('findGroupedAggregation', () => {
  test('by a field: match the groups and the filter, then $topN per group', () => {
    expect(findGroupedAggregation('Comment', byPost)).toEqual({
      collection: 'Comment',
      pipeline: [
        { $match: { $and: [{ post: { $in: ['p1', 'p2'] } }, { hidden: { $ne: true } }] } },
        { $group: { _id: '$post', docs: { $topN: { n: 6, sortBy: { createdAt: -1, _id: -1 }, output: '$$ROOT' } } } },
        ...UNWIND_GROUPS,
      ],
    });
  });

  test("through links: from the link collection, each link's target joined and filtered, sorted by its fields", () => {
    expect(findGroupedAggregation('Tag', throughLinks)).toEqual({
      collection: 'PostTags',
      pipeline: [
        { $match: { $and: [{ post: { $in: ['p1'] } }, { visible: { $eq: true } }] } },
        {
          $lookup: {
            from: 'Tag',
            localField: 'tag',
            foreignField: '_id',
            pipeline: [{ $match: { name: { $regex: '^a' } } }],
            as: '__gk_doc',
          },
        },
        { $unwind: '$__gk_doc' },
        {
          $group: {
            _id: '$post',
            docs: { $topN: { n: 3, sortBy: { '__gk_doc.name': 1, '__gk_doc._id': 1 }, output: '$__gk_doc' } },
          },
        },
        ...UNWIND_GROUPS,
      ],
    });
  });

  test('a semi-join in the filter runs as its own pipeline before the grouping', () => {
    const filter = { post: { $inSelect: { collection: 'Post', field: '_id', filter: { author: { $eq: 'u1' } } } } };
    const { pipeline } = findGroupedAggregation('Comment', { ...byPost, filter });
    expect(pipeline[0]).toEqual({ $match: { post: { $in: ['p1', 'p2'] } } });
    expect(pipeline[1]).toMatchObject({
      $lookup: { from: 'Post', localField: 'post', foreignField: '_id', as: '__gk_join0' },
    });
    expect(pipeline[pipeline.length - 3]).toMatchObject({ $group: { _id: '$post' } });
  });
});

describe('countGroupedAggregation', () => {
  test('by a field: one $sum per group', () => {
    expect(countGroupedAggregation('Comment', byPost).pipeline).toEqual([
      { $match: { $and: [{ post: { $in: ['p1', 'p2'] } }, { hidden: { $ne: true } }] } },
      { $group: { _id: '$post', n: { $sum: 1 } } },
    ]);
  });

  test("through links: only the target's _id is joined", () => {
    expect(countGroupedAggregation('Tag', throughLinks)).toEqual({
      collection: 'PostTags',
      pipeline: [
        { $match: { $and: [{ post: { $in: ['p1'] } }, { visible: { $eq: true } }] } },
        {
          $lookup: {
            from: 'Tag',
            localField: 'tag',
            foreignField: '_id',
            pipeline: [{ $match: { name: { $regex: '^a' } } }, { $project: { _id: 1 } }],
            as: '__gk_doc',
          },
        },
        { $unwind: '$__gk_doc' },
        { $group: { _id: '$post', n: { $sum: 1 } } },
      ],
    });
  });
});
