import { jsonDepth, MAX_VARIABLE_DEPTH } from './variableDepth';

describe('jsonDepth', () => {
  test.each([
    ['a scalar', 5, 0],
    ['null', null, 0],
    ['an empty object', {}, 1],
    ['a list of scalars', [1, 2], 1],
    ['an object in a list', [{ a: 1 }], 2],
    ['the deepest branch counts', { a: 1, b: { c: [{ d: 1 }] } }, 4],
  ])('%s', (_what, value, expected) => {
    expect(jsonDepth(value)).toBe(expected);
  });

  test('measures 100,000 levels without recursion, or stops past a bound', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(jsonDepth(deep)).toBe(100_000);
    expect(jsonDepth(deep, MAX_VARIABLE_DEPTH)).toBe(MAX_VARIABLE_DEPTH + 1);
  });
});
