import type { Filter } from '../Store';
import { pageSemiJoins, requiredSemiJoins, type SetSizes } from './semiJoinPlan';

const owned = (user: string): Filter => ({
  post: { $inSelect: { collection: 'Post', field: '_id', filter: { author: { $eq: user } } } },
});

/** Sizes from a table: the collection's total, the inner sets by user, the rows each admits. */
function sizes(
  total: number,
  posts: Record<string, number>,
  comments: Record<string, number>,
): SetSizes & { asked: string[] } {
  const asked: string[] = [];
  const userOf = (filter: Filter) => JSON.stringify(filter).match(/"author":\{"\$eq":"(\w+)"/)![1];
  return {
    asked,
    total: () => total,
    atMost(collection, filter, bound) {
      asked.push(`${collection} ≤ ${bound}`);
      return Math.min(bound, (collection === 'Post' ? posts : comments)[userOf(filter)]);
    },
  };
}

describe('requiredSemiJoins', () => {
  test.each<[string, Filter, string[]]>([
    ['a semi-join at the top', owned('u1'), ['post']],
    ['through nested $and, beside plain conditions', { $and: [{ n: { $gt: 1 } }, { $and: [owned('u1')] }] }, ['post']],
    [
      'not under $or or $nor: a row may match without it',
      { $or: [owned('u1'), { n: { $eq: 1 } }], $nor: [owned('u2')] },
      [],
    ],
    ['no semi-join', { n: { $eq: 1 } }, []],
  ])('%s', (_label, filter, fields) => {
    expect(requiredSemiJoins(filter).map((r) => r.field)).toEqual(fields);
  });
});

describe('pageSemiJoins', () => {
  // 100,000 comments, a page of 21: the bound is ⌈√(21 × 100,000) / 2⌉ = 725.
  test.each<[string, Record<string, number>, Record<string, number>, 'in' | 'exists']>([
    ['few posts with few comments: read them through the index', { u: 50 }, { u: 250 }, 'in'],
    ['many posts: walk the sort index, the allowed rows are dense', { u: 50_000 }, { u: 250_000 }, 'exists'],
    ['few posts with many comments each: walk', { u: 500 }, { u: 2_500 }, 'exists'],
  ])('%s', (_label, posts, comments, expected) => {
    expect(pageSemiJoins('Comment', owned('u'), 21, sizes(100_000, posts, comments))).toBe(expected);
  });

  test('the probes are bounded, and the rows are not counted when the inner set is already too large', () => {
    const asked = sizes(100_000, { u: 50_000 }, { u: 250_000 });
    pageSemiJoins('Comment', owned('u'), 21, asked);
    expect(asked.asked).toEqual(['Post ≤ 726']);
  });

  test('a hop behind a hop is walked without asking: its inner side has no cheap size', () => {
    const asked = sizes(100_000, {}, {});
    const collaborated: Filter = {
      document: {
        $inSelect: {
          collection: 'Document',
          field: '_id',
          filter: {
            _id: { $inSelect: { collection: 'Collaborators', field: 'document', filter: { user: { $eq: 'u' } } } },
          },
        },
      },
    };
    expect(pageSemiJoins('Comment', collaborated, 21, asked)).toBe('exists');
    expect(asked.asked).toEqual([]);
  });

  test('no required semi-join: nothing is asked', () => {
    const asked = sizes(100_000, {}, {});
    expect(pageSemiJoins('Comment', { $or: [owned('u'), {}] }, 21, asked)).toBe('exists');
    expect(asked.asked).toEqual([]);
  });
});
