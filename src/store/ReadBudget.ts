/** What one request's reads may cost, beyond what can be priced before they run (docs/limits.md). */
export interface ReadLimits {
  /**
   * Bytes of stored text the text operators (`$contains`, `$startsWith`) may read for one
   * request: each test of one value counts that value's length. Enforced by the embedded store,
   * whose reads run on the server's own thread; refills at this many bytes per second.
   */
  textScanBytes: number;
  /** How long MongoDB may work on one read (its `maxTimeMS`). */
  maxTimeMs: number;
  /** The longest pattern a text operator takes, in characters: checked where the filter is built. */
  textPatternLength: number;
}

/** Which allowance a read ran out of, and how large it was. */
export class ReadBudgetExceeded extends Error {
  constructor(
    readonly allowance: keyof ReadLimits,
    readonly limit: number,
  ) {
    super(`a read went past its ${allowance} allowance of ${limit}`);
    this.name = 'ReadBudgetExceeded';
  }
}

/**
 * An allowance of read work, passed with each read it pays for (`StoreOperations`): the server
 * gives one to each client address, so the reads of its requests share it however many
 * fields, aliases and connections ask. Text scanning is counted as it happens, inside the
 * query, and the read that goes past the allowance stops with `ReadBudgetExceeded`. The
 * allowance refills at its full size per second: a client may scan that much at once, and
 * that much per second however many requests it sends, so one client's scans cannot take the
 * server's thread from the others. Once past it, the allowance is spent, and every text read
 * is refused until it is whole again (a second), so a client repeating a refused request gets
 * a refusal that costs nothing, not a sliver of scanning each time.
 */
export class ReadBudget {
  private available: number;
  private refilledAt: number;
  private spentOut = false;

  constructor(
    readonly limits: ReadLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.available = limits.textScanBytes;
    this.refilledAt = now();
  }

  /** Counts `bytes` of text read by a text operator; throws `ReadBudgetExceeded` past the allowance. */
  spendText(bytes: number): void {
    this.assertTextAllowed();
    if (bytes > this.available) {
      // Past the allowance: it is spent, and refused until it has refilled whole.
      this.available = 0;
      this.spentOut = true;
      throw new ReadBudgetExceeded('textScanBytes', this.limits.textScanBytes);
    }
    this.available -= bytes;
  }

  /** Throws `ReadBudgetExceeded` while the allowance is spent: asked before a text filter is built. */
  assertTextAllowed(): void {
    this.refill();
    if (this.spentOut) throw new ReadBudgetExceeded('textScanBytes', this.limits.textScanBytes);
  }

  /** Whether the allowance is whole again: a budget in that state is as good as a new one. */
  isFull(): boolean {
    this.refill();
    return this.available >= this.limits.textScanBytes;
  }

  private refill(): void {
    const { textScanBytes } = this.limits;
    const now = this.now();
    this.available = Math.min(textScanBytes, this.available + ((now - this.refilledAt) / 1000) * textScanBytes);
    this.refilledAt = now;
    if (this.available >= textScanBytes) this.spentOut = false;
  }
}
