import type { Model } from '../appModel/AppModel';
import type { RequestContext } from '../resolvers/RequestContext';
import type { WhereInput } from '../resolvers/where';
import type { Viewer } from '../Viewer';
import type { ViewerGrants } from './CommitGrants';
import type { CompiledView, ViewCache } from './CompiledView';
import type { ModelSubscription } from './ModelSubscription';

/**
 * The subscriptions to one model by one viewer with one `where`: they see the same objects the
 * same way, so a commit is judged once for all of them, whatever their number (a page open in
 * many tabs, many components subscribing alike). Each keeps its own `mutations` and queue.
 */
export class AlikeSubscriptions {
  readonly subscriptions = new Set<ModelSubscription>();
  /** The collections whose writes may change what they see; grows with each view compiled. */
  private readonly reads: Set<string>;
  private last: { grants: string; view: CompiledView } | undefined;

  constructor(
    readonly model: Model,
    readonly viewer: Viewer,
    private readonly where: { input: WhereInput | null; key: string },
    /** The context of the first subscription: what compiles their views (the app, the `where`). */
    private readonly context: RequestContext,
    private readonly views: ViewCache,
    reads: Iterable<string>,
  ) {
    this.reads = new Set(reads);
  }

  /** Whether a commit that wrote these collections may change what they see. */
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
    if (this.last?.grants === grants.key) return this.last.view;
    const view = await this.views.get(this.context, this.model, this.where, grants);
    for (const collection of view.reads) this.reads.add(collection);
    this.last = { grants: grants.key, view };
    return view;
  }

  /** Ends every one of them with `error` (a `where` the viewer may no longer use, a reset). */
  fail(error: Error): void {
    for (const subscription of [...this.subscriptions]) subscription.queue.fail(error);
  }
}
