import type { Model } from '../appModel/AppModel';
import type { StoredDoc } from '../store/Store';
import type { RequestContext } from '../resolvers/RequestContext';
import type { WhereInput } from '../resolvers/where';

export type MutationKind = 'CREATE' | 'UPDATE' | 'DELETE';

/** One event as the subscription resolver yields it; fields resolve under the subscriber's rules. */
export interface SubscriptionEvent {
  mutation: MutationKind;
  /** The object after the change; null on DELETE. */
  node: StoredDoc | null;
  /** The object before the change; null on CREATE. */
  previousValues: StoredDoc | null;
  /** On UPDATE, the fields whose value changed and that the subscriber may read. */
  updatedFields: string[] | null;
}

export interface SubscriptionArgs {
  mutations?: MutationKind[] | null;
  where?: WhereInput | null;
}

/** Where events come from; `SubscriptionHub` implements it over the store's change feed. */
export type SubscribeToModel = (
  context: RequestContext,
  model: Model,
  args: SubscriptionArgs,
) => Promise<AsyncIterableIterator<SubscriptionEvent>>;
