import { MongoServerError } from 'mongodb';
import { ReadBudget, ReadBudgetExceeded } from '../ReadBudget';
import { budgetExceededFrom, readOptions } from './readBudget';

const budget = new ReadBudget({ textScanBytes: 1000, maxTimeMs: 250, textPatternLength: 10 });

describe('MongoDB reads under a request budget', () => {
  test.each<[string, Parameters<typeof readOptions>, ReturnType<typeof readOptions>]>([
    ['a request read gets maxTimeMS', [{}, budget], { maxTimeMS: 250 }],
    ['the server’s own reads are unbounded', [{}, undefined], {}],
  ])('%s', (_name, args, expected) => {
    expect(readOptions(...args)).toEqual(expected);
  });

  test('the session is kept', () => {
    const session = {} as never;
    expect(readOptions({ session }, budget)).toEqual({ session, maxTimeMS: 250 });
  });

  test.each<[string, unknown, ReadBudget | undefined, boolean]>([
    [
      'MaxTimeMSExpired under a budget',
      new MongoServerError({ code: 50, errmsg: 'operation exceeded time limit' }),
      budget,
      true,
    ],
    ['another server error', new MongoServerError({ code: 11000, errmsg: 'E11000' }), budget, false],
    [
      'MaxTimeMSExpired without a budget is not ours',
      new MongoServerError({ code: 50, errmsg: 'x' }),
      undefined,
      false,
    ],
    ['not a server error', new Error('network'), budget, false],
  ])('%s', (_name, error, given, isBudget) => {
    const mapped = budgetExceededFrom(error, given);
    if (!isBudget) expect(mapped).toBeNull();
    else expect(mapped).toEqual(new ReadBudgetExceeded('maxTimeMs', 250));
  });
});
