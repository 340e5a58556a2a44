import { randomBytes } from 'node:crypto';

/**
 * 24 random hex digits (96 bits). Nothing else: an id every viewer of an object can read must
 * not reveal when it was made, since `createdAt` may be a field the rules hide. Order by
 * creation comes from `createdAt`, never from the id, which only breaks ties.
 */
export function newStoredId(): string {
  return randomBytes(12).toString('hex');
}
