import type { AppModel } from '../appModel/AppModel';
import type { Viewer } from '../Viewer';
import { userError } from '../errors';
import type { SubscribeToModel, SubscriptionArgs, MutationKind } from './SubscriptionEvent';
import type { ChangeEvent, Store } from '../store/Store';
import { createLoaders } from '../resolvers/loaders';
import type { RequestContext } from '../resolvers/RequestContext';
import { ModelSubscription } from './ModelSubscription';
import { StoreQuestions } from './StoreQuestions';
import { eventKind } from './eventKind';
import { evaluateFilter } from './evaluateFilter';

export interface HubDependencies {
  app: AppModel;
  store: Store;
  /** Per type, the collections whose writes can change a compiled grant (`grantDependencies`). */
  grantDependencies: ReadonlyMap<string, ReadonlySet<string>>;
  /** A fresh context for `viewer`: memberships loaded, access compiled. */
  contextFor(viewer: Viewer): Promise<RequestContext>;
  /** Bugs while judging events go here; the feed goes on. */
  onError(error: unknown): void;
}

/** Upper bound on `mutations` entries; the enum has three values. */
const MUTATION_KINDS: readonly MutationKind[] = ['CREATE', 'UPDATE', 'DELETE'];

/**
 * Fans the store's change feed out to this process's subscriptions (docs/subscriptions.md). Each event is
 * judged per subscriber in memory, against the subscriber's compiled visibility and `where`;
 * only conditions the event's documents cannot decide go to the store, batched per event.
 * Grants are compiled once per viewer and again only after a write that can change them
 * (memberships, links a RELATION path reads), never per event.
 */
export class SubscriptionHub {
  private readonly byCollection = new Map<string, Set<ModelSubscription>>();
  private readonly viewerContexts = new Map<string, { epoch: number; context: Promise<RequestContext> }>();
  /** Per model: bumped by a write that can change grants on it; subscriptions compiled earlier recompile. */
  private readonly epochs = new Map<string, number>();
  private stopFeed: (() => void) | undefined;
  private processing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: HubDependencies) {}

  /** The `subscribe` of every `subscribeTo<Type>` field. */
  readonly subscribe: SubscribeToModel = async (context, model, args) => {
    if (!context.subscriber)
      throw userError('BAD_USER_INPUT', 'subscriptions are served over WebSocket (graphql-ws) at /graphql');
    const subscription = new ModelSubscription(
      model,
      mutationSet(args),
      args.where ?? null,
      context,
      context.subscriber,
      () => this.detach(subscription),
      (sub) => {
        sub.context.loaders = createLoaders(sub.context);
      },
    );
    await subscription.compile(this.epochOf(model.name), context); // a bad `where` fails the subscribe itself
    this.attach(subscription);
    return subscription.queue;
  };

  /** How many subscriptions this process serves (for the health and bench output). */
  get size(): number {
    let size = 0;
    for (const set of this.byCollection.values()) size += set.size;
    return size;
  }

  /**
   * Resolves once every change the feed has delivered is judged and every event it gave is on
   * its socket: for tests and the bench, which then know that nothing more is on its way.
   */
  async settled(): Promise<void> {
    for (;;) {
      const processing = this.processing;
      await processing;
      const queuesIdle = [...this.byCollection.values()].every((set) => [...set].every((sub) => sub.queue.idle));
      if (queuesIdle && processing === this.processing) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  close(): void {
    this.stopFeed?.();
    this.stopFeed = undefined;
    for (const set of this.byCollection.values()) for (const subscription of set) void subscription.queue.return();
  }

  private attach(subscription: ModelSubscription): void {
    const collection = subscription.model.collection;
    let set = this.byCollection.get(collection);
    if (!set) this.byCollection.set(collection, (set = new Set()));
    set.add(subscription);
    this.stopFeed ??= this.deps.store.watchChanges((events) => {
      this.processing = this.processing
        .then(() => this.process(events))
        .catch((error: unknown) => this.deps.onError(error));
    });
  }

  private detach(subscription: ModelSubscription): void {
    const set = this.byCollection.get(subscription.model.collection);
    set?.delete(subscription);
    if (set?.size === 0) this.byCollection.delete(subscription.model.collection);
    if (this.byCollection.size === 0) {
      this.stopFeed?.();
      this.stopFeed = undefined;
      this.viewerContexts.clear();
    }
  }

  private epochOf(model: string): number {
    return this.epochs.get(model) ?? 0;
  }

  /** One context per viewer, model and grant epoch, shared by that viewer's subscriptions to the model. */
  private contextOf(viewer: Viewer, model: string): Promise<RequestContext> {
    const who =
      viewer.kind === 'user'
        ? `user:${viewer.id}`
        : viewer.kind === 'adminToken'
          ? `admin:${viewer.name}`
          : 'anonymous';
    const key = `${who}|${model}`;
    const epoch = this.epochOf(model);
    const cached = this.viewerContexts.get(key);
    if (cached?.epoch === epoch) return cached.context;
    const context = this.deps.contextFor(viewer);
    this.viewerContexts.set(key, { epoch, context });
    return context;
  }

  private async process(events: ChangeEvent[]): Promise<void> {
    const written = new Set(events.map((event) => event.collection));
    for (const [model, collections] of this.deps.grantDependencies) {
      if ([...collections].some((collection) => written.has(collection)))
        this.epochs.set(model, this.epochOf(model) + 1);
    }
    const byCollection = new Map<string, ChangeEvent[]>();
    for (const event of events) {
      if (!this.byCollection.has(event.collection)) continue;
      let list = byCollection.get(event.collection);
      if (!list) byCollection.set(event.collection, (list = []));
      list.push(event);
    }
    for (const [collection, list] of byCollection) {
      const subscriptions = [...(this.byCollection.get(collection) ?? [])];
      const epoch = this.epochOf(subscriptions[0].model.name);
      await Promise.all(subscriptions.map((sub) => (sub.epoch === epoch ? undefined : this.recompile(sub, epoch))));
      await this.deliver(
        collection,
        list,
        subscriptions.filter((sub) => sub.epoch === epoch),
      );
    }
  }

  private async recompile(subscription: ModelSubscription, epoch: number): Promise<void> {
    try {
      await subscription.compile(epoch, await this.contextOf(subscription.context.viewer, subscription.model.name));
    } catch (error) {
      // E.g. the viewer may no longer read a field their `where` names: end with that error.
      subscription.queue.fail(error as Error);
    }
  }

  private async deliver(collection: string, events: ChangeEvent[], subscriptions: ModelSubscription[]): Promise<void> {
    const questions = new StoreQuestions(this.deps.store, collection);
    const plan: {
      sub: ModelSubscription;
      event: ChangeEvent;
      was: boolean | undefined;
      is: boolean | Promise<boolean>;
    }[] = [];
    for (const event of events) {
      const judged = new Map<string, { was: boolean | undefined; is: boolean | Promise<boolean> }>();
      for (const sub of subscriptions) {
        let verdict = judged.get(sub.inViewKey);
        if (!verdict) {
          const was = event.before ? evaluateFilter(sub.inView, event.before) : false;
          const is = event.after ? evaluateFilter(sub.inView, event.after) : false;
          verdict = { was, is: is ?? questions.matches(event.id, sub.inView) };
          judged.set(sub.inViewKey, verdict);
        }
        if (verdict.was === false && verdict.is === false) continue;
        plan.push({ sub, event, ...verdict });
      }
    }
    for (const { sub, event, was, is } of plan) {
      const isInView = await is;
      // The store knows only the present: a "before" it cannot judge follows the "after" of
      // an update, and a delete nobody can judge is not sent (it could reveal an id).
      const wasInView = was ?? (event.after ? isInView : false);
      const kind = eventKind(wasInView, isInView);
      if (kind && sub.mutations.has(kind)) sub.queue.push(await sub.payload(kind, event));
    }
  }
}

function mutationSet(args: SubscriptionArgs): ReadonlySet<MutationKind> {
  return new Set(args.mutations && args.mutations.length > 0 ? args.mutations : MUTATION_KINDS);
}
