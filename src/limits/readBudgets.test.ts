import { ReadBudgetExceeded } from '../store/ReadBudget';
import { ClientReadBudgets } from './readBudgets';

describe('ClientReadBudgets', () => {
  let now = 0;
  const budgets = () => new ClientReadBudgets({ textScanBytes: 100, maxTimeMs: 1, textPatternLength: 1 }, () => now);

  test('the requests of one client share its allowance; another client has its own', () => {
    const all = budgets();
    all.for('10.0.0.1').spendText(60);
    expect(() => all.for('10.0.0.1').spendText(60)).toThrow(ReadBudgetExceeded);
    expect(() => all.for('10.0.0.2').spendText(60)).not.toThrow();
    now += 1000;
    expect(() => all.for('10.0.0.1').spendText(100)).not.toThrow();
  });

  test('many clients: the idle ones are forgotten, the busy ones kept', () => {
    const all = budgets();
    all.for('busy').spendText(100);
    for (let i = 0; i < 1000; i++) all.for(`idle-${i}`);
    expect(() => all.for('busy').spendText(1)).toThrow(ReadBudgetExceeded);
  });
});
