import { userError } from '../errors';

/** The largest `first`/`last` a client may ask for (docs/api.md), and the page size when it asks for none. */
export const MAX_PAGE_SIZE = 100;

/**
 * The number of rows a connection page holds: `first` or `last`, at most `MAX_PAGE_SIZE`,
 * and `MAX_PAGE_SIZE` when neither is given. Both at once is refused, as Relay advises.
 */
export function pageSize(args: { first?: number | null; last?: number | null }): number {
  if (args.first != null && args.last != null) {
    throw userError('BAD_USER_INPUT', 'pass either first or last, not both');
  }
  for (const [name, value] of [
    ['first', args.first],
    ['last', args.last],
  ] as const) {
    if (value != null && (value < 0 || value > MAX_PAGE_SIZE)) {
      // Fixed, not a setting: clients page with `after`/`before`, and their page sizes must work on every server.
      throw userError(
        'BAD_USER_INPUT',
        `${name} must be between 0 and ${MAX_PAGE_SIZE}, got ${value} (MAX_PAGE_SIZE, fixed): page on with ${name === 'first' ? 'after: pageInfo.endCursor' : 'before: pageInfo.startCursor'}`,
        { limit: MAX_PAGE_SIZE },
      );
    }
  }
  return args.first ?? args.last ?? MAX_PAGE_SIZE;
}
