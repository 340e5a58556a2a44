import { createHash } from 'node:crypto';
import { userError } from '../errors';
import { UniqueViolation, type CollectionSpec, type Store, type StoreOperations } from '../store/Store';

export interface LoginThrottleOptions {
  maxFailuresPerName: number;
  maxFailuresPerAddress: number;
  windowSeconds: number;
}

/**
 * One document per throttled key: `{ _id: sha256(key), failures, endsAt }` (`endsAt` in epoch
 * ms). The key is hashed so that whatever was typed as a login name (sometimes a password, in
 * the wrong box) is never stored; the index on `endsAt` lets expired windows be dropped.
 */
export const LOGIN_THROTTLE: CollectionSpec = {
  name: '_login_throttle',
  indexes: [{ fields: ['endsAt'] }],
};

/** What a login attempt is counted against: the account (or the name typed) and the address. */
export interface LoginAttempt {
  /** `user:<id>` when the name typed found an account, else `name:<field>:<value>`. */
  account: string;
  address: string;
  /** For the log line of a throttled attempt. */
  requestId?: string;
}

export type ThrottleTrip = (attempt: LoginAttempt, retryAfterSeconds: number, limit: 'account' | 'address') => void;

/** A throttled login as a warning: the account's id when known, never the name typed. */
export function logThrottleTrips(logger: { warn(fields: object, message: string): void }): ThrottleTrip {
  return (attempt, retryAfterSeconds, limit) =>
    logger.warn(
      {
        requestId: attempt.requestId,
        limit,
        retryAfterSeconds,
        address: attempt.address,
        userId: attempt.account.startsWith('user:') ? attempt.account.slice('user:'.length) : null,
      },
      'login throttled',
    );
}

/**
 * Failed logins counted per account and per client address, in fixed windows (docs/api.md#users-and-tokens).
 * The counts live in the store, so every API process on one database shares them and a
 * restart does not reset them. Once a key reaches its limit, logins for it are refused before
 * any bcrypt work until its window ends; refused attempts do not extend the window, so nobody
 * can lock a user out for longer than one window at a time.
 */
export class LoginThrottle {
  private lastPrune = 0;

  constructor(
    private readonly store: Store,
    private readonly options: LoginThrottleOptions,
    private readonly onTrip: ThrottleTrip = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws TOO_MANY_REQUESTS (with `retryAfterSeconds`) when either key is over its limit. */
  async check(attempt: LoginAttempt): Promise<void> {
    const [account, address] = await Promise.all([
      this.blockedFor(accountKey(attempt), this.options.maxFailuresPerName),
      this.blockedFor(addressKey(attempt), this.options.maxFailuresPerAddress),
    ]);
    const retryAfter = Math.max(account, address);
    if (retryAfter > 0) {
      this.onTrip(attempt, retryAfter, account >= address ? 'account' : 'address');
      throw userError('TOO_MANY_REQUESTS', `too many failed logins; try again in ${retryAfter} s`, {
        retryAfterSeconds: retryAfter,
      });
    }
  }

  async recordFailure(attempt: LoginAttempt): Promise<void> {
    await this.bump(accountKey(attempt));
    await this.bump(addressKey(attempt));
    await this.pruneNowAndThen();
  }

  /** A successful login clears its account's count (not the address's). */
  async recordSuccess(attempt: LoginAttempt): Promise<void> {
    await this.store.deleteMany(LOGIN_THROTTLE.name, { _id: { $eq: hashed(accountKey(attempt)) } });
  }

  private async blockedFor(key: string, limit: number): Promise<number> {
    const [window] = await this.store.findByIds(LOGIN_THROTTLE.name, [hashed(key)]);
    if (!window) return 0;
    const remaining = (window.endsAt as number) - this.now();
    if (remaining <= 0) return 0;
    return (window.failures as number) >= limit ? Math.ceil(remaining / 1000) : 0;
  }

  /**
   * Read and write in one transaction, so two processes counting at once both count. Two
   * first failures inserting the same window at once: the loser counts again as an update.
   */
  private async bump(key: string, retried = false): Promise<void> {
    try {
      await this.bumpOnce(hashed(key));
    } catch (error) {
      if (!(error instanceof UniqueViolation) || retried) throw error;
      await this.bump(key, true);
    }
  }

  private async bumpOnce(id: string): Promise<void> {
    await this.store.transaction(async (tx: StoreOperations) => {
      const now = this.now();
      const [window] = await tx.findByIds(LOGIN_THROTTLE.name, [id]);
      if (window && (window.endsAt as number) > now) {
        await tx.update(LOGIN_THROTTLE.name, id, { set: { failures: (window.failures as number) + 1 } });
      } else if (window) {
        await tx.update(LOGIN_THROTTLE.name, id, {
          set: { failures: 1, endsAt: now + this.options.windowSeconds * 1000 },
        });
      } else {
        await tx.insert(LOGIN_THROTTLE.name, { _id: id, failures: 1, endsAt: now + this.options.windowSeconds * 1000 });
      }
    });
  }

  /** Expired windows are dropped at most once per window length by each process. */
  private async pruneNowAndThen(): Promise<void> {
    const now = this.now();
    if (now - this.lastPrune < this.options.windowSeconds * 1000) return;
    this.lastPrune = now;
    await this.store.deleteMany(LOGIN_THROTTLE.name, { endsAt: { $lte: now } });
  }
}

function accountKey(attempt: LoginAttempt): string {
  return `account:${attempt.account}`;
}

function addressKey(attempt: LoginAttempt): string {
  return `address:${attempt.address}`;
}

function hashed(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
