/**
 * Keeps writers out while a transaction is open on the single writing connection: without it,
 * a write from another request between two awaits of a transaction would join it (and be
 * rolled back with it). Reads never wait: they use their own connection, which sees only
 * committed data (WAL). Inside a transaction, write only through its `tx`; a write through
 * the store itself would wait for the transaction that is waiting for it.
 *
 * No AsyncLocalStorage: on Node 20 it leaves a promise hook on for the whole process, which
 * cost 7–12% of server CPU in the benchmark.
 */
export class TransactionLock {
  private tail: Promise<void> = Promise.resolve();
  private held = false;

  /** Resolves once no transaction is open. */
  async idle(): Promise<void> {
    while (this.held) await this.tail;
  }

  async hold<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.held = true;
    try {
      return await work();
    } finally {
      this.held = false;
      release();
    }
  }
}
