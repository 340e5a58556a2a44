import { ReadBudget, ReadBudgetExceeded } from './ReadBudget';

describe('ReadBudget', () => {
  let now = 0;
  const budget = () => new ReadBudget({ textScanBytes: 1000, maxTimeMs: 1, textPatternLength: 1 }, () => now);
  beforeEach(() => {
    now = 0;
  });

  test('text reads share one allowance; the read past it throws', () => {
    const one = budget();
    one.spendText(600);
    one.spendText(400);
    expect(() => one.spendText(1)).toThrow(new ReadBudgetExceeded('textScanBytes', 1000));
  });

  test('it refills at its size per second, never above it', () => {
    const one = budget();
    one.spendText(1000);
    now += 500;
    one.spendText(500);
    now += 60_000;
    one.spendText(1000);
    expect(() => one.spendText(1)).toThrow(ReadBudgetExceeded);
  });

  test('once past it, text reads are refused until the allowance is whole again', () => {
    const one = budget();
    one.spendText(600);
    expect(() => one.spendText(500)).toThrow(ReadBudgetExceeded);
    expect(() => one.assertTextAllowed()).toThrow(ReadBudgetExceeded);
    expect(() => one.spendText(1)).toThrow(ReadBudgetExceeded);
    now += 999;
    expect(() => one.assertTextAllowed()).toThrow(ReadBudgetExceeded);
    now += 1;
    expect(() => one.assertTextAllowed()).not.toThrow();
    one.spendText(1000);
  });

  test('each budget is its own', () => {
    budget().spendText(1000);
    expect(() => budget().spendText(1000)).not.toThrow();
  });
});
