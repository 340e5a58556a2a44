import { AsyncLocalStorage } from 'node:async_hooks';
import bcrypt from 'bcrypt';
import { userError } from '../errors';
import { withSpan } from '../telemetry/tracing';
import { PasswordQueue, PasswordQueueFull, type PasswordQueueLimits } from './passwordQueue';

/** bcrypt's work factor (docs/api.md#users-and-tokens: 10 or more). */
export const BCRYPT_COST = 10;
export const MIN_PASSWORD_BYTES = 8;
/** bcrypt ignores bytes past 72, so longer passwords are refused rather than silently cut. */
export const MAX_PASSWORD_BYTES = 72;

/** Refuses a new password outside 8–72 UTF-8 bytes with BAD_USER_INPUT. */
export function assertValidNewPassword(password: string, field = 'password'): void {
  const bytes = Buffer.byteLength(password, 'utf8');
  if (bytes < MIN_PASSWORD_BYTES || bytes > MAX_PASSWORD_BYTES) {
    throw userError(
      'BAD_USER_INPUT',
      `${field} must be ${MIN_PASSWORD_BYTES} to ${MAX_PASSWORD_BYTES} bytes long (UTF-8)`,
      { field, minBytes: MIN_PASSWORD_BYTES, maxBytes: MAX_PASSWORD_BYTES },
    );
  }
}

/** The queue's defaults (docs/limits.md); `configurePasswordWork` sets the configured ones at start. */
export const DEFAULT_PASSWORD_QUEUE: PasswordQueueLimits = { concurrency: 2, maxWaiting: 64, maxWaitingPerClient: 8 };

/** The settings that size the queue, named in its errors. */
const SETTINGS = { client: 'HASH_QUEUE_PER_CLIENT', queue: 'HASH_QUEUE_DEPTH' } as const;

/** Every bcrypt operation of this process goes through this one queue. */
const queue = new PasswordQueue(DEFAULT_PASSWORD_QUEUE);
/** Whose password work is running: the client an operation queues as (`asPasswordClient`). */
const currentClient = new AsyncLocalStorage<string>();

export function configurePasswordWork(limits: PasswordQueueLimits): void {
  queue.configure(limits);
}

/** Password operations running and waiting in this process (for metrics). */
export function passwordWorkDepth(): number {
  return queue.depth();
}

/**
 * Runs `work` with every password operation it starts queued as `client`'s (a client address),
 * so the queue can take clients in turn. Work outside any client queues as one anonymous line.
 */
export function asPasswordClient<T>(client: string, work: () => Promise<T>): Promise<T> {
  return currentClient.run(client, work);
}

/** One bcrypt operation through the queue; a full queue is TOO_MANY_REQUESTS, before any work. */
async function queued<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await queue.run(currentClient.getStore() ?? '', () =>
      withSpan(name, { 'graphkeep.bcrypt.cost': BCRYPT_COST }, work),
    );
  } catch (error) {
    if (!(error instanceof PasswordQueueFull)) throw error;
    throw userError(
      'TOO_MANY_REQUESTS',
      error.which === 'client'
        ? `this client already has ${error.limit} password operations waiting; try again in a second`
        : `the server has ${error.limit} password operations waiting; try again in a second`,
      { retryAfterSeconds: 1, limit: error.limit, setting: SETTINGS[error.which] },
    );
  }
}

export function hashPassword(password: string): Promise<string> {
  return queued('password.hash', () => bcrypt.hash(password, BCRYPT_COST));
}

let dummyHash: Promise<string> | undefined;

/**
 * Whether `password` matches `hash`. Without a hash (unknown user) it still runs one bcrypt
 * comparison against a dummy hash, so "no such user" and "wrong password" take the same time.
 */
export async function passwordMatches(password: string, hash: string | undefined): Promise<boolean> {
  const valid = typeof hash === 'string' && Buffer.byteLength(password, 'utf8') <= MAX_PASSWORD_BYTES;
  // Made once per process, outside the queue: it is the server's work, not a client's.
  dummyHash ??= bcrypt.hash('not a real password', BCRYPT_COST);
  const against = valid ? hash : await dummyHash;
  const matches = await queued('password.compare', () => bcrypt.compare(password, against));
  return valid && matches;
}
