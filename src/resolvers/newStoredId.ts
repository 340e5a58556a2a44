import { randomBytes } from 'node:crypto';

let lastMillis = 0;
let counter = 0;
/** Random bytes drawn 4 KB at a time: one system call per 1,024 ids instead of one per id (bulk imports). */
let pool = Buffer.alloc(0);
let poolOffset = 0;

function randomHex8(): string {
  if (poolOffset + 4 > pool.length) {
    pool = randomBytes(4096);
    poolOffset = 0;
  }
  poolOffset += 4;
  return pool.toString('hex', poolOffset - 4, poolOffset);
}

/**
 * 24 hex digits: milliseconds, a per-millisecond counter, then randomness. Ids made by one
 * process sort in creation order, so `id` (the tie-breaker under equal `createdAt`) keeps
 * objects created in the same millisecond in the order they were made.
 */
export function newStoredId(): string {
  const now = Date.now();
  counter = now === lastMillis ? counter + 1 : 0;
  lastMillis = now;
  return now.toString(16).padStart(12, '0') + (counter & 0xffff).toString(16).padStart(4, '0') + randomHex8();
}
