import { changedFields, eventKind } from './eventKind';

describe('eventKind: the change as one subscriber sees it', () => {
  test.each([
    [false, false, null],
    [false, true, 'CREATE'],
    [true, true, 'UPDATE'],
    [true, false, 'DELETE'],
  ] as const)('in view before %s, after %s → %s', (before, after, expected) => {
    expect(eventKind(before, after)).toBe(expected);
  });
});

describe('changedFields', () => {
  const fields = ['id', 'title', 'tags', 'body', 'author'];
  test.each([
    ['a changed scalar', { _id: 'a', title: 'x' }, { _id: 'a', title: 'y' }, ['title']],
    ['a cleared field', { _id: 'a', body: 'x' }, { _id: 'a' }, ['body']],
    ['a set field', { _id: 'a' }, { _id: 'a', author: 'u1' }, ['author']],
    ['equal JSON values', { _id: 'a', tags: [1, 2] }, { _id: 'a', tags: [1, 2] }, []],
    ['stored fields the API does not name are ignored', { _id: 'a', _secret: 1 }, { _id: 'a', _secret: 2 }, []],
  ])('%s', (_name, before, after, expected) => {
    expect(changedFields(before, after, fields)).toEqual(expected);
  });
});
