import type { Model } from '../appModel/AppModel';
import type { Access } from '../permissions/Access';
import { conditionToFilter } from '../permissions/Condition';
import type { MutationKind, SubscriptionEvent } from './SubscriptionEvent';
import type { ChangeEvent, Filter } from '../store/Store';
import { tagModel } from '../resolvers/modelOf';
import type { RequestContext } from '../resolvers/RequestContext';
import { whereToFilter, type WhereInput } from '../resolvers/where';
import { EventQueue } from './EventQueue';
import { changedFields } from './eventKind';
import type { SubscriberChannel } from '../resolvers/SubscriberChannel';

/**
 * One `subscribeTo<Type>` operation: what it asked for, its compiled view (the subscriber's
 * visibility AND its `where`, as one store filter), and its queue of events to send.
 */
export class ModelSubscription {
  readonly queue: EventQueue;
  /** The grant epoch `inView` was compiled in; -1 before the first compile. */
  epoch = -1;
  inView: Filter = {};
  /** `inView` as text: subscriptions with the same view (same user, same `where`) are judged once per event. */
  inViewKey = '{}';
  private access!: Access;

  constructor(
    readonly model: Model,
    readonly mutations: ReadonlySet<MutationKind>,
    private readonly where: WhereInput | null,
    /** The operation's context: fields of each event resolve with it, at send time. */
    readonly context: RequestContext,
    channel: SubscriberChannel,
    onEnd: () => void,
    beforeSend: (subscription: ModelSubscription) => void,
  ) {
    this.queue = new EventQueue(channel, onEnd, () => beforeSend(this));
  }

  /** (Re)compiles the view with `source`'s access; throws what `where` would throw in a query. */
  async compile(epoch: number, source: RequestContext): Promise<void> {
    const visible = conditionToFilter(await source.access.visible(this.model));
    const where = await whereToFilter({ ...this.context, access: source.access }, this.model, this.where);
    this.inView = { $and: [visible, where] };
    this.inViewKey = JSON.stringify(this.inView);
    this.access = source.access;
    this.context.access = source.access;
    this.epoch = epoch;
  }

  async payload(kind: MutationKind, event: ChangeEvent): Promise<SubscriptionEvent> {
    const node = kind === 'DELETE' || !event.after ? null : tagModel(event.after, this.model.name);
    const previousValues = kind === 'CREATE' || !event.before ? null : tagModel(event.before, this.model.name);
    let updatedFields: string[] | null = null;
    if (kind === 'UPDATE' && event.before && event.after) {
      // Which fields changed is itself information: name only those the subscriber may read.
      const changed = changedFields(event.before, event.after, this.model.fields.keys());
      const readable = await Promise.all(
        changed.map((field) => this.access.allows('read', this.model, [field], event.after!)),
      );
      updatedFields = changed.filter((_, index) => readable[index]);
    }
    return { mutation: kind, node, previousValues, updatedFields };
  }
}
