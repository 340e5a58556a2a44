import { OperationLabels, outcomeLabel } from './boundedLabels';

describe('OperationLabels: client-chosen names, bounded', () => {
  test('the first names keep their label, later new ones are other, known ones stay', () => {
    const labels = new OperationLabels(2);
    expect(['A', 'B', 'C', 'A', 'B', 'D'].map((name) => labels.labelOf(name))).toEqual([
      'A',
      'B',
      'other',
      'A',
      'B',
      'other',
    ]);
  });

  test.each([
    [undefined, 'anonymous'],
    ['', 'anonymous'],
    ['PostsPage', 'PostsPage'],
    ['_private2', '_private2'],
    ['2fast', 'other'],
    ['has space', 'other'],
    ['quote"d', 'other'],
    ['x'.repeat(64), 'x'.repeat(64)],
    ['x'.repeat(65), 'other'],
  ])('%j → %j', (name, label) => {
    expect(new OperationLabels().labelOf(name)).toBe(label);
  });
});

describe('outcomeLabel', () => {
  test.each<[number, string[] | undefined, string]>([
    [200, undefined, 'OK'],
    [200, [], 'OK'],
    [200, ['FORBIDDEN', 'NOT_FOUND'], 'FORBIDDEN'],
    [401, ['UNAUTHENTICATED'], 'UNAUTHENTICATED'],
    [413, undefined, 'HTTP_413'],
    [200, ['made-up code'], 'other'],
  ])('%i %j → %s', (status, codes, label) => {
    expect(outcomeLabel(status, codes)).toBe(label);
  });
});
