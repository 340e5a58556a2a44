import { hash } from 'node:crypto';
import { UniqueViolation, type CollectionSpec, type Store } from '../store/Store';

/**
 * One document per throttled key: `{ _id: sha256(key), count, endsAt }` (epoch ms). Keys are
 * hashed so that no address typed into a reset form is stored.
 */
export const MAIL_THROTTLE: CollectionSpec = { name: '_mail_throttle', indexes: [{ fields: ['endsAt'] }] };

export interface MailThrottleOptions {
  maxPerRecipient: number;
  maxPerClient: number;
  windowSeconds: number;
}

/**
 * Account mail asked for, counted per recipient address and per client address in fixed
 * windows kept in the store (docs/accounts.md#throttles), so every API process shares them.
 * Each mail is counted when it is asked for, whether or not the address names an account, so
 * the answer never tells which addresses do.
 */
export class MailThrottle {
  private lastPrune = 0;

  constructor(
    private readonly store: Store,
    private readonly options: MailThrottleOptions,
  ) {}

  /**
   * Counts one mail to `recipient` asked for by `client`, or answers how many seconds to wait
   * (then nothing is counted against the recipient). Addresses count case-insensitively.
   */
  async reserve(recipient: string, client: string): Promise<number> {
    const wait = await this.take(`client:${client}`, this.options.maxPerClient);
    if (wait > 0) return wait;
    const recipientWait = await this.take(`recipient:${recipient.trim().toLowerCase()}`, this.options.maxPerRecipient);
    await this.pruneNowAndThen();
    return recipientWait;
  }

  /** Reads and counts in one transaction, so two processes counting at once both count. */
  private async take(key: string, limit: number, retried = false): Promise<number> {
    const id = hash('sha256', key, 'hex');
    try {
      return await this.store.transaction(async (tx) => {
        const now = Date.now();
        const [window] = await tx.findByIds(MAIL_THROTTLE.name, [id]);
        if (window && (window.endsAt as number) > now) {
          if ((window.count as number) >= limit) return Math.ceil(((window.endsAt as number) - now) / 1000);
          await tx.update(MAIL_THROTTLE.name, id, { set: { count: (window.count as number) + 1 } });
          return 0;
        }
        const fresh = { count: 1, endsAt: now + this.options.windowSeconds * 1000 };
        if (window) await tx.update(MAIL_THROTTLE.name, id, { set: fresh });
        else await tx.insert(MAIL_THROTTLE.name, { _id: id, ...fresh });
        return 0;
      });
    } catch (error) {
      // Two first mails inserting the same window at once: the loser counts again as an update.
      if (!(error instanceof UniqueViolation) || retried) throw error;
      return this.take(key, limit, true);
    }
  }

  /** Expired windows are dropped at most once per window length by each process. */
  private async pruneNowAndThen(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPrune < this.options.windowSeconds * 1000) return;
    this.lastPrune = now;
    await this.store.deleteMany(MAIL_THROTTLE.name, { endsAt: { $lte: now } });
  }
}
