import type { Model } from '../appModel/AppModel';
import type { MutationKind } from './SubscriptionEvent';
import type { RequestContext } from '../resolvers/RequestContext';
import type { WhereInput } from '../resolvers/where';
import { EventQueue } from './EventQueue';
import type { CompiledView, ViewCache } from './CompiledView';
import type { ViewerGrants } from './CommitGrants';
import type { SubscriberChannel } from '../resolvers/SubscriberChannel';

/**
 * One `subscribeTo<Type>` operation: what it asked for, its view under the grants of each moment
 * it is judged at (`ViewCache`), and its queue of events to send.
 */
export class ModelSubscription {
  readonly queue: EventQueue;
  private readonly where: { input: WhereInput | null; key: string };
  private last: { grants: string; view: CompiledView } | undefined;

  constructor(
    readonly model: Model,
    /** The collections whose writes may change what it sees; grows with each view it gets. */
    private readonly reads: Set<string>,
    readonly mutations: ReadonlySet<MutationKind>,
    where: WhereInput | null,
    /** The operation's context; each event replaces its reads and grants before it resolves. */
    readonly context: RequestContext,
    private readonly views: ViewCache,
    channel: SubscriberChannel,
    onEnd: () => void,
    beforeSend: (subscription: ModelSubscription, access: RequestContext['access']) => void,
  ) {
    this.where = { input: where, key: JSON.stringify(where) };
    this.queue = new EventQueue(channel, onEnd, (event) => beforeSend(this, event.access));
  }

  /** Whether a commit that wrote these collections may change what the subscriber sees. */
  mayConcern(written: ReadonlySet<string>): boolean {
    for (const collection of written) if (this.reads.has(collection)) return true;
    return false;
  }

  /** The view under `grants` when it is the one last asked for, at once; else undefined (ask `view`). */
  viewNow(grants: ViewerGrants): CompiledView | undefined {
    return this.last?.grants === grants.key ? this.last.view : undefined;
  }

  /** The view under `grants`; rejects with what `where` would throw in a query under them. */
  async view(grants: ViewerGrants): Promise<CompiledView> {
    // The grants of most commits are those of the last: no key to build, no cache to ask.
    if (this.last?.grants === grants.key) return this.last.view;
    const view = await this.views.get(this.context, this.model, this.where, grants);
    for (const collection of view.reads) this.reads.add(collection);
    this.last = { grants: grants.key, view };
    return view;
  }
}
