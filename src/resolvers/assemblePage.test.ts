import { GraphQLError } from 'graphql';
import { assemblePage, type PageArgs } from './assemblePage';

const LETTERS = ['A', 'B', 'C', 'D', 'E'];
const cursorOf = (letter: string) => `cursor:${letter}`;

/** What the store would return for a page query: rows in the direction of travel, `size + 1` at most. */
function forward(from: number, count: number): string[] {
  return LETTERS.slice(from, from + count);
}
function backward(upTo: number, count: number): string[] {
  return LETTERS.slice(Math.max(0, upTo - count), upTo).reverse();
}

/** Modelled on graphql-relay's connectionFromArraySlice tests, over A–E. */
describe('assemblePage', () => {
  test.each<[string, string[], PageArgs, boolean, string[], { hasPreviousPage: boolean; hasNextPage: boolean }]>([
    [
      'first 2 from the start: more after',
      forward(0, 3),
      { first: 2 },
      false,
      ['A', 'B'],
      { hasPreviousPage: false, hasNextPage: true },
    ],
    [
      'first 5 returns everything',
      forward(0, 5),
      { first: 5 },
      false,
      LETTERS,
      { hasPreviousPage: false, hasNextPage: false },
    ],
    [
      'first 10 when there are 5',
      forward(0, 5),
      { first: 10 },
      false,
      LETTERS,
      { hasPreviousPage: false, hasNextPage: false },
    ],
    [
      'first 2 after B: rows before the cursor',
      forward(2, 3),
      { first: 2 },
      true,
      ['C', 'D'],
      { hasPreviousPage: true, hasNextPage: true },
    ],
    [
      'first 2 after C: the end',
      forward(3, 3),
      { first: 2 },
      true,
      ['D', 'E'],
      { hasPreviousPage: true, hasNextPage: false },
    ],
    ['first 2 after E: nothing left', [], { first: 2 }, true, [], { hasPreviousPage: true, hasNextPage: false }],
    [
      'last 2 from the end: more before',
      backward(5, 3),
      { last: 2 },
      false,
      ['D', 'E'],
      { hasPreviousPage: true, hasNextPage: false },
    ],
    [
      'last 2 before D: rows after the cursor',
      backward(3, 3),
      { last: 2 },
      true,
      ['B', 'C'],
      { hasPreviousPage: true, hasNextPage: true },
    ],
    [
      'last 2 before C: the start',
      backward(2, 3),
      { last: 2 },
      true,
      ['A', 'B'],
      { hasPreviousPage: false, hasNextPage: true },
    ],
    [
      'last 10 when there are 5',
      backward(5, 11),
      { last: 10 },
      false,
      LETTERS,
      { hasPreviousPage: false, hasNextPage: false },
    ],
    [
      'first 0: no edges, but the row seen says there is more',
      forward(0, 1),
      { first: 0 },
      false,
      [],
      { hasPreviousPage: false, hasNextPage: true },
    ],
    ['last 0 of an empty list', [], { last: 0 }, false, [], { hasPreviousPage: false, hasNextPage: false }],
    [
      'neither first nor last: the page size limit (all 5 fit)',
      forward(0, 5),
      {},
      false,
      LETTERS,
      { hasPreviousPage: false, hasNextPage: false },
    ],
  ])('%s', (_what, rows, args, beyondCursor, expected, flags) => {
    const page = assemblePage(rows, args, beyondCursor, cursorOf);
    expect(page.edges).toEqual(expected.map((node) => ({ cursor: cursorOf(node), node })));
    expect(page.pageInfo).toEqual({
      ...flags,
      startCursor: expected.length ? cursorOf(expected[0]) : null,
      endCursor: expected.length ? cursorOf(expected[expected.length - 1]) : null,
    });
  });

  test('the flag beyond the cursor, given as a question, is asked only when read, and once', async () => {
    let asked = 0;
    const question = async () => {
      asked += 1;
      return true;
    };
    const page = assemblePage(forward(2, 3), { first: 2 }, question, cursorOf);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.pageInfo.endCursor).toBe('cursor:D');
    expect(asked).toBe(0);
    expect(await page.pageInfo.hasPreviousPage).toBe(true);
    expect(await page.pageInfo.hasPreviousPage).toBe(true);
    expect(asked).toBe(1);
  });

  test('neither first nor last: a page holds MAX_PAGE_SIZE (100) rows, and the 101st says there is more', () => {
    const rows = Array.from({ length: 101 }, (_, i) => `r${i}`);
    const page = assemblePage(rows, {}, false, cursorOf);
    expect(page.edges).toHaveLength(100);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.pageInfo.endCursor).toBe('cursor:r99');
  });

  test.each<[string, PageArgs, RegExp]>([
    ['first and last together', { first: 1, last: 1 }, /either first or last/],
    ['first above the limit', { first: 101 }, /first must be between 0 and 100, got 101/],
    ['negative last', { last: -1 }, /last must be between 0 and 100, got -1/],
  ])('refuses %s with BAD_USER_INPUT', (_what, args, message) => {
    let thrown: unknown;
    try {
      assemblePage(LETTERS, args, false, cursorOf);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GraphQLError);
    expect((thrown as GraphQLError).message).toMatch(message);
    expect((thrown as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
  });
});
