import { GraphQLError } from 'graphql';
import type { AppModel } from '../appModel/AppModel';
import type { PastStore } from '../store/storeBefore';
import type { ChangeEvent, Store, StoredDoc } from '../store/Store';
import type { ViewCache } from './CompiledView';

/** What every step of judging one commit reads: the commit, and the store at its two moments. */
export interface JudgedCommit {
  app: AppModel;
  store: Store;
  /** `WS_MAX_GRANT_FANOUT`. */
  fanoutLimit: number;
  /** The commit's writes. */
  changes: readonly ChangeEvent[];
  /** The store just before the commit. */
  before: PastStore;
  /** The store just after it. */
  after: PastStore;
  /** Compiled views and visibility filters, by grants. */
  views: ViewCache;
}

/** An object the commit may have changed for a subscriber: as it was before and after, and the relations whose links it changed. */
export interface Candidate {
  before: StoredDoc | null;
  after: StoredDoc | null;
  links: ReadonlySet<string>;
}

/**
 * A grant change reached more objects than one subscriber's view may take in one commit
 * (`WS_MAX_GRANT_FANOUT`, docs/subscriptions.md#grant-changes). The subscriptions concerned end
 * with `SUBSCRIPTION_RESET`: what they show may be out of date, so the client refetches and
 * subscribes again. No event of that commit is sent to them, none is silently dropped.
 */
export class FanoutExceeded extends Error {
  constructor(readonly limit: number) {
    super(`a change of permissions reached more than ${limit} objects at once (WS_MAX_GRANT_FANOUT)`);
  }
}

/**
 * How a subscription ends when the server can no longer tell it exactly what changed: what
 * the client shows may be out of date, so it refetches and subscribes again.
 */
export function subscriptionReset(why: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(`${why}: refetch what you show and subscribe again`, {
    extensions: { code: 'SUBSCRIPTION_RESET', ...extensions },
  });
}
