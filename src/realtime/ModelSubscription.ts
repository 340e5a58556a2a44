import type { Model } from '../appModel/AppModel';
import { conditionToFilter } from '../permissions/Condition';
import type { MutationKind } from './SubscriptionEvent';
import type { Filter } from '../store/Store';
import type { RequestContext } from '../resolvers/RequestContext';
import { whereToFilter, type WhereInput } from '../resolvers/where';
import { EventQueue } from './EventQueue';
import { collectionsRead } from './joinsChanged';
import type { ViewerGrants } from './CommitGrants';
import type { SubscriberChannel } from '../resolvers/SubscriberChannel';

/**
 * What a subscriber sees of a model under some grants, as store filters: `inView` is its
 * visibility AND its `where` (an object it would list), `readable` the objects in view whose
 * field it may read, per field.
 */
export interface CompiledView {
  inView: Filter;
  readable: ReadonlyMap<string, Filter>;
  /** Equal for equal views: subscriptions that share one are judged once per object. */
  key: string;
}

/** Views kept per subscription: the grants of the moments around one commit are at most two. */
const VIEWS_KEPT = 4;

/**
 * One `subscribeTo<Type>` operation: what it asked for, its view under the grants of each moment
 * it is judged at (compiled once per distinct set of grants), and its queue of events to send.
 */
export class ModelSubscription {
  readonly queue: EventQueue;
  private readonly views = new Map<string, Promise<CompiledView>>();

  constructor(
    readonly model: Model,
    /** The collections whose writes may change what it sees; grows with each view compiled. */
    private readonly reads: Set<string>,
    readonly mutations: ReadonlySet<MutationKind>,
    private readonly where: WhereInput | null,
    /** The operation's context; each event replaces its reads and grants before it resolves. */
    readonly context: RequestContext,
    channel: SubscriberChannel,
    onEnd: () => void,
    beforeSend: (subscription: ModelSubscription, access: RequestContext['access']) => void,
  ) {
    this.queue = new EventQueue(channel, onEnd, (event) => beforeSend(this, event.access));
  }

  /** Whether a commit that wrote these collections may change what the subscriber sees. */
  mayConcern(written: ReadonlySet<string>): boolean {
    for (const collection of written) if (this.reads.has(collection)) return true;
    return false;
  }

  /** The view under `grants`; rejects with what `where` would throw in a query under them. */
  view(grants: ViewerGrants): Promise<CompiledView> {
    let view = this.views.get(grants.key);
    if (!view) {
      view = this.compile(grants);
      if (this.views.size >= VIEWS_KEPT) this.views.delete(this.views.keys().next().value!);
      this.views.set(grants.key, view);
    }
    return view;
  }

  private async compile({ access }: ViewerGrants): Promise<CompiledView> {
    const visible = conditionToFilter(await access.visible(this.model));
    const where = await whereToFilter({ ...this.context, access }, this.model, this.where);
    const inView: Filter = { $and: [visible, where] };
    const readable = new Map<string, Filter>();
    for (const field of this.model.fields.keys()) {
      readable.set(field, { $and: [inView, conditionToFilter(await access.readable(this.model, field))] });
    }
    // References show their targets only when visible: what decides that is read too.
    const targets: Filter[] = [];
    for (const field of this.model.fields.values()) {
      if (field.kind !== 'relation' || field.storage !== 'reference') continue;
      const target = this.context.app.models.get(field.target)!;
      this.reads.add(target.collection);
      targets.push(conditionToFilter(await access.visible(target)));
    }
    for (const filter of [inView, ...readable.values(), ...targets])
      for (const collection of collectionsRead(filter)) this.reads.add(collection);
    return { inView, readable, key: JSON.stringify([inView, [...readable]]) };
  }
}
