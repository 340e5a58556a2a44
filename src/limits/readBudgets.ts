import { ReadBudget, type ReadLimits } from '../store/ReadBudget';

/** Budgets kept before the whole ones (clients idle for a second) are dropped. */
const KEPT_BUDGETS = 1000;

/**
 * The read budget of each client address (docs/limits.md): every request from one address
 * draws on the same `ReadBudget`, so sending more requests, or more connections, does not buy
 * more scanning. A budget that is whole again (its client was idle for a second) is the same
 * as a new one, so those are dropped once many are kept.
 */
export class ClientReadBudgets {
  private readonly byClient = new Map<string, ReadBudget>();

  constructor(
    readonly limits: ReadLimits,
    private readonly now?: () => number,
  ) {}

  for(client: string): ReadBudget {
    let budget = this.byClient.get(client);
    if (!budget) {
      if (this.byClient.size >= KEPT_BUDGETS)
        for (const [key, kept] of this.byClient) if (kept.isFull()) this.byClient.delete(key);
      budget = new ReadBudget(this.limits, this.now);
      this.byClient.set(client, budget);
    }
    return budget;
  }
}
