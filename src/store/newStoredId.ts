import { randomBytes } from 'node:crypto';

/** Random bytes drawn 4 KB at a time: one call into the generator per 341 ids, not one per id (bulk imports). */
let pool = Buffer.alloc(0);
let poolOffset = 0;

/**
 * 24 random hex digits (96 bits). Nothing else: an id every viewer of an object can read must
 * not reveal when it was made, since `createdAt` may be a field the rules hide. Order by
 * creation comes from `createdAt`, never from the id, which only breaks ties.
 */
export function newStoredId(): string {
  if (poolOffset + 12 > pool.length) {
    pool = randomBytes(4096);
    poolOffset = 0;
  }
  poolOffset += 12;
  return pool.toString('hex', poolOffset - 12, poolOffset);
}
