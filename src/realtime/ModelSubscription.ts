import type { Model } from '../appModel/AppModel';
import type { MutationKind } from './SubscriptionEvent';
import type { RequestContext } from '../resolvers/RequestContext';
import { EventQueue } from './EventQueue';
import type { SubscriberChannel } from '../resolvers/SubscriberChannel';

/**
 * One `subscribeTo<Type>` operation: which kinds of event it asked for, the context its events
 * resolve with, and its queue of events to send. What it sees is judged with the subscriptions
 * alike (`AlikeSubscriptions`).
 */
export class ModelSubscription {
  readonly queue: EventQueue;

  constructor(
    readonly model: Model,
    readonly mutations: ReadonlySet<MutationKind>,
    /** The operation's context; each event replaces its reads and grants before it resolves. */
    readonly context: RequestContext,
    channel: SubscriberChannel,
    onEnd: () => void,
    beforeSend: (subscription: ModelSubscription, access: RequestContext['access']) => void,
  ) {
    this.queue = new EventQueue(channel, onEnd, (event) => beforeSend(this, event.access));
  }
}
