import { GraphQLError } from 'graphql';
import { ReadBudget, ReadBudgetExceeded } from '../store/ReadBudget';
import { assertTextFilters, readLimitError } from './readLimits';

const limits = { textScanBytes: 100, maxTimeMs: 250, textPatternLength: 8 };

describe('read limits as the client sees them', () => {
  test.each<[string, unknown, Record<string, unknown> | null]>([
    [
      'a spent scanning allowance',
      new ReadBudgetExceeded('textScanBytes', 100),
      { code: 'BAD_USER_INPUT', limit: 100, setting: 'MAX_TEXT_SCAN_BYTES' },
    ],
    [
      'a MongoDB read past its time',
      new ReadBudgetExceeded('maxTimeMs', 250),
      { code: 'BAD_USER_INPUT', limit: 250, setting: 'MONGO_MAX_TIME_MS' },
    ],
    ['anything else passes unchanged', new Error('disk full'), null],
  ])('readLimitError: %s', (_name, error, extensions) => {
    const mapped = readLimitError(error);
    if (!extensions) expect(mapped).toBe(error);
    else expect((mapped as GraphQLError).extensions).toEqual(extensions);
  });

  test('assertTextFilters: the longest pattern, then the allowance', () => {
    const budget = new ReadBudget(limits, () => 0);
    expect(() => assertTextFilters(8, budget)).not.toThrow();
    expect(() => assertTextFilters(9, budget)).toThrow(
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', limit: 8, setting: 'MAX_TEXT_PATTERN_LENGTH' } }),
    );
    expect(() => budget.spendText(101)).toThrow(ReadBudgetExceeded);
    expect(() => assertTextFilters(1, budget)).toThrow(
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', limit: 100, setting: 'MAX_TEXT_SCAN_BYTES' } }),
    );
  });
});
