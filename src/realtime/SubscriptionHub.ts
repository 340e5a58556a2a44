import type { AppModel, Model } from '../appModel/AppModel';
import { USER_ROLES } from '../appModel/builtInSchema';
import { userError } from '../errors';
import type { Policy } from '../permissions/compilePolicy';
import { continueAs, createRequestContext } from '../resolvers/RequestContext';
import { storeBefore } from '../store/storeBefore';
import type { ChangeEvent, Store } from '../store/Store';
import { AlikeSubscriptions } from './AlikeSubscriptions';
import { CommitGrants, MembershipsNow, viewerKey } from './CommitGrants';
import { CommitJudge } from './CommitJudge';
import { subscriptionReset } from './JudgedCommit';
import { compileView, ViewCache } from './CompiledView';
import { ModelSubscription } from './ModelSubscription';
import type { MutationKind, SubscribeToModel, SubscriptionArgs } from './SubscriptionEvent';

export interface HubDependencies {
  app: AppModel;
  policy: Policy;
  store: Store;
  /** Objects one grant change may bring into or out of one subscriber's view (`WS_MAX_GRANT_FANOUT`). */
  fanoutLimit: number;
  /** Bugs while judging events go here; the feed goes on. */
  onError(error: unknown): void;
  /** Seconds from the feed reporting a batch of changes to every event of it being queued (a metric). */
  onBatchDelivered?(seconds: number): void;
  /** `MAX_COMMITS_BEHIND` unless told otherwise (tests). */
  maxCommitsBehind?: number;
}

/**
 * Commits read after the one being judged that its two moments account for (its "after" is the
 * store minus them): a backlog is judged as it happened. Commits further ahead show through.
 */
export const COMMITS_LOOKED_AHEAD = 100;

/**
 * Commits read and not yet judged. Past it this process has fallen too far behind its change
 * feed to judge each commit in time: every subscription it serves ends with
 * `SUBSCRIPTION_RESET` and the backlog is dropped, rather than growing without bound.
 */
export const MAX_COMMITS_BEHIND = 10_000;

/** Upper bound on `mutations` entries; the enum has three values. */
const MUTATION_KINDS: readonly MutationKind[] = ['CREATE', 'UPDATE', 'DELETE'];

/**
 * Fans the store's change feed out to this process's subscriptions (docs/subscriptions.md): one
 * commit at a time, in commit order, each judged for every subscription to a model it may
 * concern (`CommitJudge`), against the store before and after it (`storeBefore`: the present
 * minus the commits read since). Commits already read but not yet judged count as "since", so a
 * backlog is judged as it was, not as it ended.
 */
export class SubscriptionHub {
  /** By collection, the subscriptions alike (one viewer, one `where`). */
  private readonly byCollection = new Map<string, Map<string, AlikeSubscriptions>>();
  private readonly roleCollections: ReadonlySet<string>;
  private readonly memberships: MembershipsNow;
  private readonly views = new ViewCache();
  /** Commits read from the feed and not yet judged, oldest first. */
  private readonly pending: ChangeEvent[][] = [];
  private stopFeed: (() => void) | undefined;
  private processing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: HubDependencies) {
    this.roleCollections = new Set([
      deps.app.models.get('Role')!.collection,
      deps.app.links.get(USER_ROLES)!.collection,
    ]);
    this.memberships = new MembershipsNow(deps.app, deps.store);
  }

  /** The `subscribe` of every `subscribeTo<Type>` field. */
  readonly subscribe: SubscribeToModel = async (context, model, args) => {
    if (!context.subscriber)
      throw userError('BAD_USER_INPUT', 'subscriptions are served over WebSocket (graphql-ws) at /graphql');
    const where = { input: args.where ?? null, key: JSON.stringify(args.where ?? null) };
    // A bad `where` fails the subscribe itself, as it would fail a query.
    const { reads } = await compileView(context, model, where.input, context.access);
    const key = `${viewerKey(context.viewer)}\u0000${where.key}`;
    let byKey = this.byCollection.get(model.collection);
    if (!byKey) this.byCollection.set(model.collection, (byKey = new Map()));
    let alike = byKey.get(key);
    if (!alike) {
      alike = new AlikeSubscriptions(model, context.viewer, where, context, this.views, [
        ...this.alwaysRead(model),
        ...reads,
      ]);
      byKey.set(key, alike);
    }
    const subscription = new ModelSubscription(
      model,
      mutationSet(args),
      context,
      context.subscriber,
      () => this.detach(subscription, key),
      // A fresh read context per event: loaders (and the nested pages they key) and grants of its commit.
      (sub, access) =>
        continueAs(sub.context, createRequestContext(this.deps.app, this.deps.store, sub.context.viewer, access)),
    );
    alike.subscriptions.add(subscription);
    this.stopFeed ??= this.deps.store.watchChanges((events) => this.receive(events));
    return subscription.queue;
  };

  /** What a subscription to `model` always depends on: its objects, their links, and memberships. */
  private alwaysRead(model: Model): string[] {
    const collections = new Set([model.collection, ...this.roleCollections]);
    for (const relation of this.deps.app.relations.values()) {
      if (relation.kind === 'manyToMany' && relation.ends.some((end) => end.model === model.name))
        collections.add(relation.collection);
    }
    return [...collections];
  }

  /** How many subscriptions this process serves (for the health and bench output). */
  get size(): number {
    let size = 0;
    for (const byKey of this.byCollection.values())
      for (const alike of byKey.values()) size += alike.subscriptions.size;
    return size;
  }

  private *subscriptions(): Generator<ModelSubscription> {
    for (const byKey of this.byCollection.values()) for (const alike of byKey.values()) yield* alike.subscriptions;
  }

  /**
   * Resolves once every change the feed has delivered is judged and every event it gave is on
   * its socket: for tests and the bench, which then know that nothing more is on its way.
   */
  async settled(): Promise<void> {
    for (;;) {
      const processing = this.processing;
      await processing;
      const queuesIdle = [...this.subscriptions()].every((subscription) => subscription.queue.idle);
      if (queuesIdle && processing === this.processing && this.pending.length === 0) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  close(): void {
    this.stopFeed?.();
    this.stopFeed = undefined;
    for (const subscription of [...this.subscriptions()]) void subscription.queue.return();
  }

  private detach(subscription: ModelSubscription, key: string): void {
    const byKey = this.byCollection.get(subscription.model.collection);
    const alike = byKey?.get(key);
    alike?.subscriptions.delete(subscription);
    if (alike?.subscriptions.size === 0) byKey!.delete(key);
    if (byKey?.size === 0) this.byCollection.delete(subscription.model.collection);
    if (this.byCollection.size === 0) {
      this.stopFeed?.();
      this.stopFeed = undefined;
      this.memberships.forget();
      this.views.clear();
    }
  }

  private receive(events: ChangeEvent[]): void {
    for (const event of events) {
      const last = this.pending.at(-1);
      if (last && last[0].commit === event.commit) last.push(event);
      else this.pending.push([event]);
      // Memberships read from now on must include this commit's.
      if (this.roleCollections.has(event.collection)) this.memberships.forget();
    }
    const limit = this.deps.maxCommitsBehind ?? MAX_COMMITS_BEHIND;
    if (this.pending.length > limit) {
      this.pending.splice(1); // the first may be being judged; it ends with its subscriptions
      const reset = subscriptionReset(`this server fell more than ${limit} commits behind its change feed`, { limit });
      for (const subscription of [...this.subscriptions()]) subscription.queue.fail(reset);
    }
    const received = performance.now();
    this.processing = this.processing
      .then(() => this.judgePending())
      .then(() => this.deps.onBatchDelivered?.((performance.now() - received) / 1000));
  }

  private async judgePending(): Promise<void> {
    while (this.pending.length > 0) {
      const commit = this.pending[0];
      try {
        await this.judge(commit, this.pending.slice(1, 1 + COMMITS_LOOKED_AHEAD).flat());
      } catch (error) {
        this.deps.onError(error);
      } finally {
        this.pending.shift();
      }
    }
  }

  private async judge(commit: readonly ChangeEvent[], later: readonly ChangeEvent[]): Promise<void> {
    if (this.byCollection.size === 0) return;
    const before = storeBefore(this.deps.store, [...commit, ...later]);
    const after = storeBefore(this.deps.store, later);
    const rolesWritten = [...commit, ...later].some((event) => this.roleCollections.has(event.collection));
    const grants = new CommitGrants(this.deps, this.memberships, before, after, rolesWritten);
    const judge = new CommitJudge({ ...this.deps, changes: commit, before, after, views: this.views }, grants);
    const written = new Set(commit.map((event) => event.collection));
    for (const byKey of [...this.byCollection.values()]) {
      const concerned = [...byKey.values()].filter((alike) => alike.mayConcern(written));
      if (concerned.length > 0) await judge.judge(concerned[0].model, concerned);
    }
  }
}

function mutationSet(args: SubscriptionArgs): ReadonlySet<MutationKind> {
  return new Set(args.mutations && args.mutations.length > 0 ? args.mutations : MUTATION_KINDS);
}
