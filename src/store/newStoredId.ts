import { randomBytes } from 'node:crypto';

let lastMillis = 0;
let counter = 0;

/**
 * 24 hex digits: milliseconds, a per-millisecond counter, then randomness. Ids made by one
 * process sort in creation order, so `id` (the tie-breaker under equal `createdAt`) keeps
 * objects created in the same millisecond in the order they were made.
 */
export function newStoredId(): string {
  const now = Date.now();
  counter = now === lastMillis ? counter + 1 : 0;
  lastMillis = now;
  return now.toString(16).padStart(12, '0') + (counter & 0xffff).toString(16).padStart(4, '0') + randomBytes(4).toString('hex');
}
