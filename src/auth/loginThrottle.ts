import { userError } from '../errors';

export interface LoginThrottleOptions {
  maxFailuresPerName: number;
  maxFailuresPerAddress: number;
  windowSeconds: number;
}

interface Window {
  failures: number;
  endsAt: number;
}

/** Bounds the memory the throttle uses under a flood of distinct names. */
const MAX_TRACKED_KEYS = 100_000;

/**
 * Failed logins counted per login name and per client address, in fixed windows (SPEC §4).
 * Once a key reaches its limit, logins for it are refused before any bcrypt work until its
 * window ends; refused attempts do not extend the window, so nobody can lock a user out for
 * longer than one window at a time. Kept in memory: each API process counts on its own.
 */
export class LoginThrottle {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly options: LoginThrottleOptions, private readonly now: () => number = Date.now) {}

  /** Throws TOO_MANY_REQUESTS (with `retryAfterSeconds`) when either key is over its limit. */
  check(name: string, address: string): void {
    const retryAfter = Math.max(
      this.blockedFor(`name:${name}`, this.options.maxFailuresPerName),
      this.blockedFor(`addr:${address}`, this.options.maxFailuresPerAddress),
    );
    if (retryAfter > 0) {
      throw userError('TOO_MANY_REQUESTS', `too many failed logins; try again in ${retryAfter} s`, { retryAfterSeconds: retryAfter });
    }
  }

  recordFailure(name: string, address: string): void {
    this.bump(`name:${name}`);
    this.bump(`addr:${address}`);
  }

  recordSuccess(name: string): void {
    this.windows.delete(`name:${name}`);
  }

  private blockedFor(key: string, limit: number): number {
    const window = this.windows.get(key);
    if (!window) return 0;
    const remaining = window.endsAt - this.now();
    if (remaining <= 0) {
      this.windows.delete(key);
      return 0;
    }
    return window.failures >= limit ? Math.ceil(remaining / 1000) : 0;
  }

  private bump(key: string): void {
    const now = this.now();
    const window = this.windows.get(key);
    if (window && window.endsAt > now) {
      window.failures += 1;
      return;
    }
    if (this.windows.size >= MAX_TRACKED_KEYS) this.prune(now);
    this.windows.set(key, { failures: 1, endsAt: now + this.options.windowSeconds * 1000 });
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
    // Still full of live windows: drop the oldest (a Map iterates in insertion order).
    for (const key of this.windows.keys()) {
      if (this.windows.size < MAX_TRACKED_KEYS) break;
      this.windows.delete(key);
    }
  }
}
