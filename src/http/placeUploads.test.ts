import { placeUploads } from './placeUploads';

const make = (name: string) => `<file ${name}>`;

describe('placeUploads', () => {
  test('puts each file where the map says, in objects and lists', () => {
    const operations = { query: 'mutation…', variables: { input: { avatar: null, docs: [null, null] } } };
    const map = { 0: ['variables.input.avatar'], 1: ['variables.input.docs.0', 'variables.input.docs.1'] };
    const placed = placeUploads(operations, map, make, 10);
    expect(placed).toEqual({
      operations: { query: 'mutation…', variables: { input: { avatar: '<file 0>', docs: ['<file 1>', '<file 1>'] } } },
      parts: new Map([
        ['0', '<file 0>'],
        ['1', '<file 1>'],
      ]),
    });
  });

  test.each([
    [
      'a batch',
      [{ variables: { f: null } }],
      { 0: ['variables.f'] },
      'operations must be one JSON object (batches are not accepted)',
    ],
    ['a map that is a list', { variables: { f: null } }, [['variables.f']], 'map must be a JSON object'],
    [
      'too many files',
      { variables: { a: null, b: null } },
      { 0: ['variables.a'], 1: ['variables.b'], 2: ['variables.a'] },
      'at most 2 files per request',
    ],
    [
      'a path outside variables',
      { query: null, variables: {} },
      { 0: ['query'] },
      'map path "query" must start with "variables."',
    ],
    [
      'a path to nothing',
      { variables: {} },
      { 0: ['variables.input.file'] },
      'map path "variables.input.file" does not name a null in operations',
    ],
    [
      'a path to a value',
      { variables: { f: 'text' } },
      { 0: ['variables.f'] },
      'map path "variables.f" does not name a null in operations',
    ],
    [
      'a prototype path',
      { variables: {} },
      { 0: ['variables.__proto__.x'] },
      'map path "variables.__proto__.x" does not name a null in operations',
    ],
    ['no paths', { variables: { f: null } }, { 0: [] }, 'map.0 must be a list of paths like "variables.file"'],
  ])('refuses %s', (_name, operations, map, problem) => {
    expect(placeUploads(operations, map, make, 2)).toEqual({ problem });
  });
});
