import { MAX_WHERE_CONDITIONS, MAX_WHERE_DEPTH, measureWhere } from './whereSize';

const nested = (levels: number): unknown => (levels === 1 ? { a: { eq: 1 } } : { AND: [nested(levels - 1)] });

describe('measureWhere', () => {
  test.each([
    ['nothing', null, { conditions: 0, depth: 0 }],
    ['one field', { a: { eq: 1 } }, { conditions: 1, depth: 1 }],
    ['two fields', { a: { eq: 1, ne: 2 }, b: { isNull: true } }, { conditions: 2, depth: 1 }],
    ['an OR of two', { OR: [{ a: { eq: 1 } }, { a: { eq: 2 } }] }, { conditions: 4, depth: 2 }],
    ['NOT counts its entry', { NOT: { a: { eq: 1 } } }, { conditions: 2, depth: 2 }],
    ['null entries are absent', { a: null, AND: null }, { conditions: 0, depth: 1 }],
    ['three levels', nested(3), { conditions: 3, depth: 3 }],
  ])('%s', (_what, where, expected) => {
    expect(measureWhere(where)).toEqual(expected);
  });

  test('stops early past the limits, without recursion', () => {
    expect(measureWhere(nested(5000)).depth).toBe(MAX_WHERE_DEPTH + 1);
    const wide = { OR: Array.from({ length: 10_000 }, () => ({ a: { eq: 1 } })) };
    expect(measureWhere(wide).conditions).toBeGreaterThan(MAX_WHERE_CONDITIONS);
  });
});
