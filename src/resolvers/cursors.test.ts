import type { SortKey } from '../store/Store';
import { decodeCursor, encodeCursor, type CursorValueType } from './cursors';

const sort: SortKey[] = [
  { field: 'title', direction: 1 },
  { field: '_id', direction: 1 },
];
const types: CursorValueType[] = ['string', 'string'];
const forged = (values: unknown[]) =>
  Buffer.from(JSON.stringify({ k: ['title:1', '_id:1'], v: values })).toString('base64url');

describe('decodeCursor with value types', () => {
  test.each([
    ['an encoded cursor', encodeCursor(sort, { _id: 'a1', title: 'x' }), ['x', 'a1']],
    ['null for a missing value', forged([null, 'a1']), [null, 'a1']],
  ])('accepts %s', (_what, cursor, expected) => {
    expect(decodeCursor(cursor, sort, types)).toEqual(expected);
  });

  test.each([
    ['a number for a text field', forged([5, 'a1'])],
    ['a boolean for a text field', forged([true, 'a1'])],
    ['a non-string id', forged(['x', 7])],
  ])('refuses %s', (_what, cursor) => {
    expect(() => decodeCursor(cursor, sort, types)).toThrow('not a valid cursor');
  });
});
