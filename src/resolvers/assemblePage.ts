import { pageSize } from '../limits/pageSize';

export interface PageArgs {
  first?: number | null;
  last?: number | null;
}

export interface PageInfo {
  /** A promise where it needs the store (see `assemblePage`). */
  hasNextPage: boolean | Promise<boolean>;
  hasPreviousPage: boolean | Promise<boolean>;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
}

/**
 * One Relay page (Cursor Connections spec §4–5) from what the store returned. `rows` is the
 * page query's answer: at most `size + 1` rows (`size` from `first`/`last`, checked here),
 * ordered in the direction of travel, so reversed for `last`. The extra row says there is more
 * on that side; `beyondCursor` says whether anything lies on the far side of the cursor the
 * client came from (`after` for `first`, `before` for `last`), which only the store can tell:
 * given as a function, it is asked only when a client selects that flag (most pages after a
 * cursor ask for `endCursor` and `hasNextPage` alone), and at most once. So both flags are
 * exact, unlike the spec's minimum, which may answer false when it cannot tell. Pure: no
 * store, no viewer.
 */
export function assemblePage<T>(
  rows: readonly T[],
  args: PageArgs,
  beyondCursor: boolean | (() => Promise<boolean>),
  cursorOf: (row: T) => string,
): Page<T> {
  const size = pageSize(args);
  const backward = args.last != null;
  const more = rows.length > size;
  const page = rows.slice(0, size);
  if (backward) page.reverse();
  // Cursors are getters: encoded only when a client selects them (most pages ask for
  // `endCursor` alone), and the same value whenever they are read.
  const edges = page.map((node) => ({
    get cursor() {
      return cursorOf(node);
    },
    node,
  }));
  let beyond: boolean | Promise<boolean> | undefined;
  const beyondFlag = () => (beyond ??= typeof beyondCursor === 'boolean' ? beyondCursor : beyondCursor());
  return {
    edges,
    pageInfo: {
      get hasNextPage() {
        return backward ? beyondFlag() : more;
      },
      get hasPreviousPage() {
        return backward ? more : beyondFlag();
      },
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      get endCursor() {
        return edges[edges.length - 1]?.cursor ?? null;
      },
    },
  };
}
