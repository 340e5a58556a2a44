import { ReadBudget, ReadBudgetExceeded } from './ReadBudget';

describe('ReadBudget', () => {
  let now = 0;
  const budget = () => new ReadBudget({ textScanBytes: 1000, maxTimeMs: 1, textPatternLength: 1 }, () => now);
  beforeEach(() => {
    now = 0;
  });

  test('text reads share one allowance; the read past it throws and the rest stays', () => {
    const one = budget();
    one.spendText(600);
    expect(() => one.spendText(500)).toThrow(new ReadBudgetExceeded('textScanBytes', 1000));
    one.spendText(400);
    expect(() => one.spendText(1)).toThrow(ReadBudgetExceeded);
  });

  test('it refills at its size per second, never above it', () => {
    const one = budget();
    one.spendText(1000);
    now += 500;
    one.spendText(500);
    expect(() => one.spendText(1)).toThrow(ReadBudgetExceeded);
    now += 60_000;
    one.spendText(1000);
    expect(() => one.spendText(1)).toThrow(ReadBudgetExceeded);
  });

  test('each budget is its own', () => {
    budget().spendText(1000);
    expect(() => budget().spendText(1000)).not.toThrow();
  });
});
