import type { Model } from '../appModel/AppModel';
import type { Access } from '../permissions/Access';
import type { StoredDoc } from '../store/Store';
import type { RequestContext } from '../resolvers/RequestContext';
import type { WhereInput } from '../resolvers/where';

export type MutationKind = 'CREATE' | 'UPDATE' | 'DELETE';

/** One event as the subscription resolver yields it; fields resolve under the subscriber's rules. */
export interface SubscriptionEvent {
  mutation: MutationKind;
  /** The object after the change; null on DELETE. */
  node: StoredDoc | null;
  /** The object before the change, with the grants that held then; null on CREATE. */
  previousValues: PreviousValues | null;
  /** On UPDATE, the fields whose value as the subscriber sees it changed. */
  updatedFields: string[] | null;
  /** The subscriber's grants after the commit: `node` and its relations resolve under them, read afresh. */
  access: Access;
}

/** `previousValues`: the object as it was, masked by the rules as they applied to it then. */
export interface PreviousValues {
  doc: StoredDoc;
  access: Access;
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
