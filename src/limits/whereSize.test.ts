import { MAX_WHERE_CONDITIONS, MAX_WHERE_DEPTH, measureWhere, TEXT_CONDITION_COST, whereCost } from './whereSize';

const nested = (levels: number): unknown => (levels === 1 ? { a: { eq: 1 } } : { AND: [nested(levels - 1)] });

describe('measureWhere', () => {
  test.each([
    ['nothing', null, { conditions: 0, depth: 0, textConditions: 0, longestPattern: 0 }],
    ['one field', { a: { eq: 1 } }, { conditions: 1, depth: 1, textConditions: 0, longestPattern: 0 }],
    [
      'two fields',
      { a: { eq: 1, ne: 2 }, b: { isNull: true } },
      { conditions: 2, depth: 1, textConditions: 0, longestPattern: 0 },
    ],
    [
      'an OR of two',
      { OR: [{ a: { eq: 1 } }, { a: { eq: 2 } }] },
      { conditions: 4, depth: 2, textConditions: 0, longestPattern: 0 },
    ],
    [
      'NOT counts its entry',
      { NOT: { a: { eq: 1 } } },
      { conditions: 2, depth: 2, textConditions: 0, longestPattern: 0 },
    ],
    [
      'null entries are absent',
      { a: null, AND: null },
      { conditions: 0, depth: 1, textConditions: 0, longestPattern: 0 },
    ],
    ['three levels', nested(3), { conditions: 3, depth: 3, textConditions: 0, longestPattern: 0 }],
    [
      'text tests, at any level',
      { a: { contains: 'x', startsWith: 'y', eq: 'z' }, OR: [{ b: { contains: 'w' } }, { b: { contains: null } }] },
      { conditions: 5, depth: 2, textConditions: 3, longestPattern: 1 },
    ],
  ])('%s', (_what, where, expected) => {
    expect(measureWhere(where)).toEqual(expected);
  });

  test.each([
    ['no where', undefined, 0],
    ['plain conditions cost one each', { a: { eq: 1 }, b: { gt: 2 } }, 2],
    ['a text test costs a page more', { a: { contains: 'x' } }, 1 + TEXT_CONDITION_COST],
    [
      'an OR of 100 text tests',
      { OR: Array.from({ length: 100 }, () => ({ a: { contains: 'x' } })) },
      200 + 100 * TEXT_CONDITION_COST,
    ],
  ])('whereCost: %s', (_what, where, expected) => {
    expect(whereCost(where)).toBe(expected);
  });

  test('stops early past the limits, without recursion', () => {
    expect(measureWhere(nested(5000)).depth).toBe(MAX_WHERE_DEPTH + 1);
    const wide = { OR: Array.from({ length: 10_000 }, () => ({ a: { eq: 1 } })) };
    expect(measureWhere(wide).conditions).toBeGreaterThan(MAX_WHERE_CONDITIONS);
  });
});
