import { progressLine, summaryLine } from './importProgress';

describe('import progress', () => {
  test.each([
    [{ written: 45_000, seconds: 2, fraction: 0.45 }, '    45,000 written    22,500/s  ETA 3s'],
    [{ written: 1_000, seconds: 10, fraction: 0.01 }, '     1,000 written       100/s  ETA 16m30s'],
    [{ written: 10, seconds: 3600, fraction: 0.2 }, '        10 written         0/s  ETA 4h00m'],
    [{ written: 0, seconds: 0, fraction: 0 }, '         0 written         0/s  ETA ?'],
    [{ written: 5, seconds: 1, fraction: 1 }, '         5 written         5/s  ETA 0s'],
  ])('%j', (progress, line) => {
    expect(progressLine(progress)).toBe(line);
  });

  test('summary', () => {
    expect(summaryLine('Post', 100_000, 0, 4.25)).toBe('imported 100,000 Post objects in 4.3s (23,529/s)');
    expect(summaryLine('Post', 10, 90, 0)).toBe('imported 10 Post objects (after skipping 90) in 0.0s (0/s)');
  });
});
