import { userError } from '../errors';

/** The longest list a client may pass as one argument (`nodes(ids:)`, `in`, `notIn`): docs/limits.md. */
export const MAX_LIST_INPUT = 100;

export function assertListLength(name: string, list: readonly unknown[]): void {
  if (list.length > MAX_LIST_INPUT) {
    throw userError('BAD_USER_INPUT', `${name} has ${list.length} items; at most ${MAX_LIST_INPUT} are allowed`, {
      limit: MAX_LIST_INPUT,
    });
  }
}
