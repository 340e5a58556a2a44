import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Keeps other callers out while a transaction is open on the single SQLite connection:
 * without it, a request running between two awaits of someone else's transaction would see
 * (or join) its uncommitted writes. Code running inside the transaction's own async context
 * passes straight through, so a transaction never waits for itself.
 */
export class TransactionLock {
  private tail: Promise<void> = Promise.resolve();
  private held = false;
  private readonly owner = new AsyncLocalStorage<true>();

  /** Resolves once no transaction other than the caller's own is open. */
  async idle(): Promise<void> {
    while (this.held && !this.owner.getStore()) await this.tail;
  }

  async hold<T>(work: () => Promise<T>): Promise<T> {
    if (this.owner.getStore()) throw new Error('transactions do not nest');
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => { release = resolve; });
    await previous;
    this.held = true;
    try {
      return await this.owner.run(true, work);
    } finally {
      this.held = false;
      release();
    }
  }
}
