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

/** Which limit a key counts toward: `LOGIN_MAX_FAILURES` or `LOGIN_MAX_FAILURES_PER_ADDRESS`. */
export type ThrottleLimit = 'account' | 'address';

/**
 * An attempt that can fail and is counted when it does: a login, a password change's check of
 * the old password, a sign-up whose unique value may be taken. `keys` are what it counts
 * against (see `loginAttempt`, `passwordCheck`, `existenceTest`).
 */
export interface ThrottledAttempt {
  keys: { key: string; limit: ThrottleLimit }[];
  address: string;
  /** The account concerned, when known, for the log (never the name typed). */
  userId?: string | null;
  requestId?: string;
}

/**
 * A login, counted under the login name as given (`field` and the account it found, or the
 * value typed when it found none) and under the client address. One account's `username` and
 * `email` are counted apart: a shared count would tell a caller that a public username and a
 * hidden email belong together (docs/production.md). So an account with two login names can
 * see up to twice `LOGIN_MAX_FAILURES` failures per window; the address limit holds across names.
 */
export function loginAttempt(
  field: string,
  found: { userId: string } | { typed: string },
  request: { address: string; requestId?: string },
): ThrottledAttempt {
  const name = 'userId' in found ? `user:${found.userId}:${field}` : `name:${field}:${found.typed}`;
  return {
    keys: [
      { key: `login:${name}`, limit: 'account' },
      { key: `address:${request.address}`, limit: 'address' },
    ],
    address: request.address,
    userId: 'userId' in found ? found.userId : null,
    requestId: request.requestId,
  };
}

/** `updateUserPassword`'s check of the old password: a guess at that user's password, counted as a login. */
export function passwordCheck(userId: string, request: { address: string; requestId?: string }): ThrottledAttempt {
  return {
    keys: [
      { key: `password:user:${userId}`, limit: 'account' },
      { key: `address:${request.address}`, limit: 'address' },
    ],
    address: request.address,
    userId,
    requestId: request.requestId,
  };
}

/**
 * A sign-up whose `@unique` values the caller may not read: a CONFLICT would tell whether
 * someone holds that value (a hidden email), so each such answer counts against the address.
 */
export function existenceTest(request: { address: string; requestId?: string }): ThrottledAttempt {
  return {
    keys: [{ key: `taken:${request.address}`, limit: 'address' }],
    address: request.address,
    requestId: request.requestId,
  };
}

/** What `reserve` hands back: say how the attempt ended once it is known (a failure needs no call). */
export interface Reservation {
  /** It succeeded: an account key's count is cleared, and the address gets its reservation back. */
  succeeded(): Promise<void>;
  /** It never ran (the password queue was full): every key gets its reservation back. */
  cancelled(): Promise<void>;
}

export type ThrottleTrip = (attempt: ThrottledAttempt, retryAfterSeconds: number, limit: ThrottleLimit) => void;

/** A throttled attempt as a warning: the account's id when known, never the name typed. */
export function logThrottleTrips(logger: { warn(fields: object, message: string): void }): ThrottleTrip {
  return (attempt, retryAfterSeconds, limit) =>
    logger.warn(
      {
        requestId: attempt.requestId,
        limit,
        retryAfterSeconds,
        address: attempt.address,
        userId: attempt.userId ?? null,
      },
      'login throttled',
    );
}

/**
 * Failed logins counted per login name and per client address, in fixed windows (docs/api.md#users-and-tokens).
 * The counts live in the store, so every API process on one database shares them and a
 * restart does not reset them. An attempt is counted before its password is checked
 * (`reserve`), in one transaction that also checks the limits, so attempts sent at once cannot
 * all pass a check made before any of them failed; a success gives its reservation back. Once
 * a key reaches its limit, attempts are refused before any bcrypt work until its window ends;
 * refused attempts do not extend the window, so nobody can lock a user out for longer than one
 * window at a time.
 */
export class LoginThrottle {
  private lastPrune = 0;

  constructor(
    private readonly store: Store,
    private readonly options: LoginThrottleOptions,
    private readonly onTrip: ThrottleTrip = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Counts `attempt` against each of its keys, or, when one of them is at its limit, counts
   * nothing and throws TOO_MANY_REQUESTS (with `retryAfterSeconds`). A failed attempt needs no
   * further call: it was counted here.
   */
  async reserve(attempt: ThrottledAttempt): Promise<Reservation> {
    const blocked = await this.countOrRefuse(attempt);
    if (blocked) {
      this.onTrip(attempt, blocked.retryAfter, blocked.limit);
      throw userError('TOO_MANY_REQUESTS', `too many failed attempts; try again in ${blocked.retryAfter} s`, {
        retryAfterSeconds: blocked.retryAfter,
      });
    }
    await this.pruneNowAndThen();
    return { succeeded: () => this.giveBack(attempt, true), cancelled: () => this.giveBack(attempt, false) };
  }

  private limitOf(limit: ThrottleLimit): number {
    return limit === 'account' ? this.options.maxFailuresPerName : this.options.maxFailuresPerAddress;
  }

  /**
   * Reads every key's window and, when none is at its limit, adds one to each, in one
   * transaction. Two first attempts inserting the same window at once: the loser runs again.
   */
  private async countOrRefuse(
    attempt: ThrottledAttempt,
    retried = false,
  ): Promise<{ retryAfter: number; limit: ThrottleLimit } | null> {
    try {
      return await this.store.transaction(async (tx: StoreOperations) => {
        const now = this.now();
        const ids = attempt.keys.map(({ key }) => hashed(key));
        const windows = new Map((await tx.findByIds(LOGIN_THROTTLE.name, ids)).map((doc) => [doc._id, doc]));
        let blocked: { retryAfter: number; limit: ThrottleLimit } | null = null;
        for (const [i, { limit }] of attempt.keys.entries()) {
          const window = windows.get(ids[i]);
          const remaining = window ? (window.endsAt as number) - now : 0;
          if (remaining > 0 && (window!.failures as number) >= this.limitOf(limit)) {
            const retryAfter = Math.ceil(remaining / 1000);
            if (!blocked || retryAfter > blocked.retryAfter) blocked = { retryAfter, limit };
          }
        }
        if (blocked) return blocked;
        for (const id of ids) {
          const window = windows.get(id);
          if (window && (window.endsAt as number) > now) {
            await tx.update(LOGIN_THROTTLE.name, id, { set: { failures: (window.failures as number) + 1 } });
          } else if (window) {
            await tx.update(LOGIN_THROTTLE.name, id, { set: { failures: 1, endsAt: this.windowEnd(now) } });
          } else {
            await tx.insert(LOGIN_THROTTLE.name, { _id: id, failures: 1, endsAt: this.windowEnd(now) });
          }
        }
        return null;
      });
    } catch (error) {
      if (!(error instanceof UniqueViolation) || retried) throw error;
      return this.countOrRefuse(attempt, true);
    }
  }

  /**
   * Each key gets its one back; on a success an account key forgets its failures altogether,
   * as a successful login always has. A window left with no failure is dropped, so windows
   * start at a failure, never at a success.
   */
  private async giveBack(attempt: ThrottledAttempt, succeeded: boolean): Promise<void> {
    await this.store.transaction(async (tx: StoreOperations) => {
      const ids = attempt.keys.map(({ key }) => hashed(key));
      const windows = new Map((await tx.findByIds(LOGIN_THROTTLE.name, ids)).map((doc) => [doc._id, doc]));
      for (const [i, { limit }] of attempt.keys.entries()) {
        const window = windows.get(ids[i]);
        if (!window) continue;
        const failures = succeeded && limit === 'account' ? 0 : (window.failures as number) - 1;
        if (failures <= 0) await tx.deleteMany(LOGIN_THROTTLE.name, { _id: { $eq: ids[i] } });
        else await tx.update(LOGIN_THROTTLE.name, ids[i], { set: { failures } });
      }
    });
  }

  private windowEnd(now: number): number {
    return now + this.options.windowSeconds * 1000;
  }

  /** Expired windows are dropped at most once per window length by each process. */
  private async pruneNowAndThen(): Promise<void> {
    const now = this.now();
    if (now - this.lastPrune < this.options.windowSeconds * 1000) return;
    this.lastPrune = now;
    await this.store.deleteMany(LOGIN_THROTTLE.name, { endsAt: { $lte: now } });
  }
}

function hashed(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
