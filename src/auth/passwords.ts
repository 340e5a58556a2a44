import bcrypt from 'bcrypt';
import { userError } from '../errors';
import { withSpan } from '../telemetry/tracing';

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

let waiting = 0;

/** bcrypt work started and not finished: what the hash-queue depth metric reads (docs/production.md). */
export function passwordWorkWaiting(): number {
  return waiting;
}

/** One bcrypt operation, counted while it runs and traced as its own span (no password in it). */
async function passwordWork<T>(name: string, work: () => Promise<T>): Promise<T> {
  waiting++;
  try {
    return await withSpan(name, { 'graphkeep.bcrypt.cost': BCRYPT_COST }, work);
  } finally {
    waiting--;
  }
}

export function hashPassword(password: string): Promise<string> {
  return passwordWork('password.hash', () => bcrypt.hash(password, BCRYPT_COST));
}

let dummyHash: Promise<string> | undefined;

/**
 * Whether `password` matches `hash`. Without a hash (unknown user) it still runs one bcrypt
 * comparison against a dummy hash, so "no such user" and "wrong password" take the same time.
 */
export async function passwordMatches(password: string, hash: string | undefined): Promise<boolean> {
  const valid = typeof hash === 'string' && Buffer.byteLength(password, 'utf8') <= MAX_PASSWORD_BYTES;
  dummyHash ??= bcrypt.hash('not a real password', BCRYPT_COST);
  const against = valid ? hash : await dummyHash;
  const matches = await passwordWork('password.compare', () => bcrypt.compare(password, against));
  return valid && matches;
}
