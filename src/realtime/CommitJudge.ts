import { GraphQLError } from 'graphql';
import type { AppModel, Model } from '../appModel/AppModel';
import type { Access } from '../permissions/Access';
import { tagModel } from '../resolvers/modelOf';
import type { PastStore } from '../store/storeBefore';
import type { ChangeEvent, Filter, Store, StoredDoc } from '../store/Store';
import type { CommitGrants, GrantsAround } from './CommitGrants';
import { changedFields, eventKind } from './eventKind';
import { joinsChanged } from './joinsChanged';
import type { CompiledView, ModelSubscription } from './ModelSubscription';
import type { SubscriptionEvent } from './SubscriptionEvent';

/** An object the commit may have changed for a subscriber: as it was before and after, and the relations whose links it changed. */
interface Candidate {
  before: StoredDoc | null;
  after: StoredDoc | null;
  links: ReadonlySet<string>;
}

/** Subscriptions that see the model alike before and after the commit: judged once per object. */
interface Group {
  before: CompiledView;
  after: CompiledView;
  members: { subscription: ModelSubscription; grants: GrantsAround }[];
}

/**
 * One commit judged for the subscriptions to one model (docs/subscriptions.md#the-rule): each
 * object the commit may have changed for a subscriber is evaluated against the subscription
 * (rules and `where`) before and after the commit, with the grants of each moment:
 * visible → visible with a field the subscriber may read changed is UPDATE, invisible → visible
 * CREATE, visible → invisible (or deleted) DELETE, anything else nothing.
 *
 * The objects are those the commit wrote, the ends of the links it added or removed (a link is
 * data of both ends), and, when the commit changed a grant (a link or reference a rule or
 * `where` reads, a membership), every object whose view that grant change alters: found with
 * one store query per group of alike subscribers, bounded by `fanoutLimit`.
 */
export class CommitJudge {
  private readonly updatedFieldsMemo = new Map<string, Promise<string[]>>();

  constructor(
    private readonly deps: { app: AppModel; store: Store; fanoutLimit: number },
    private readonly commit: readonly ChangeEvent[],
    private readonly before: PastStore,
    private readonly after: PastStore,
    private readonly grants: CommitGrants,
  ) {}

  async judge(model: Model, subscriptions: readonly ModelSubscription[]): Promise<void> {
    const written = await this.writtenObjects(model);
    for (const group of (await this.groups(subscriptions)).values()) {
      let reached: Map<string, Candidate>;
      try {
        reached = await this.reachedObjects(model, group, written);
      } catch (error) {
        if (!(error instanceof FanoutExceeded)) throw error;
        for (const { subscription } of group.members) subscription.queue.fail(error.toGraphQLError());
        continue;
      }
      for (const [id, candidate] of [...written, ...reached]) await this.judgeObject(model, group, id, candidate);
    }
  }

  private async judgeObject(model: Model, group: Group, id: string, candidate: Candidate): Promise<void> {
    const was = candidate.before !== null && (await this.before.matches(group.before.inView, candidate.before));
    const is = candidate.after !== null && (await this.after.matches(group.after.inView, candidate.after));
    const kind = eventKind(was, is);
    if (!kind) return;
    for (const { subscription, grants } of group.members) {
      if (!subscription.mutations.has(kind)) continue;
      const updatedFields = kind === 'UPDATE' ? await this.updatedFields(model, id, candidate, grants) : null;
      if (updatedFields?.length === 0) continue; // nothing the subscriber can see changed
      const event: SubscriptionEvent = {
        mutation: kind,
        node: kind === 'DELETE' ? null : tagModel(candidate.after!, model.name),
        previousValues:
          kind === 'CREATE' ? null : { doc: tagModel(candidate.before!, model.name), access: grants.before.access },
        updatedFields,
        access: grants.present,
      };
      subscription.queue.push(event);
    }
  }

  /** The documents of `model` the commit wrote, and the ends of its links, oldest version first. */
  private async writtenObjects(model: Model): Promise<Map<string, Candidate>> {
    const written = new Map<string, { before: StoredDoc | null; after: StoredDoc | null; links: Set<string> }>();
    const linkEnds = new Map<string, Set<string>>();
    for (const change of this.commit) {
      if (change.collection === model.collection) {
        const known = written.get(change.id);
        if (known) known.after = change.after;
        else written.set(change.id, { before: change.before, after: change.after, links: new Set() });
      }
      for (const relation of this.deps.app.relations.values()) {
        if (relation.kind !== 'manyToMany' || relation.collection !== change.collection) continue;
        const link = change.before ?? change.after!;
        relation.ends.forEach((end, i) => {
          if (end.model !== model.name) return;
          const id = link[relation.linkKeys[i]];
          if (typeof id !== 'string') return;
          let fields = linkEnds.get(id);
          if (!fields) linkEnds.set(id, (fields = new Set()));
          fields.add(end.field);
        });
      }
    }
    const unread = [...linkEnds.keys()].filter((id) => !written.has(id));
    const [before, after] = await Promise.all([
      this.before.findByIds(model.collection, unread),
      this.after.findByIds(model.collection, unread),
    ]);
    for (const id of unread) {
      written.set(id, {
        before: before.find((doc) => doc._id === id) ?? null,
        after: after.find((doc) => doc._id === id) ?? null,
        links: new Set(),
      });
    }
    for (const [id, fields] of linkEnds) for (const field of fields) written.get(id)!.links.add(field);
    return written;
  }

  private async groups(subscriptions: readonly ModelSubscription[]): Promise<Map<string, Group>> {
    const groups = new Map<string, Group>();
    for (const subscription of subscriptions) {
      const grants = await this.grants.of(subscription.context.viewer);
      let views: [CompiledView, CompiledView];
      try {
        views = await Promise.all([subscription.view(grants.before), subscription.view(grants.after)]);
      } catch (error) {
        // E.g. the viewer may no longer read a field their `where` names: end with that error.
        subscription.queue.fail(error as Error);
        continue;
      }
      const key = `${views[0].key}\u0000${views[1].key}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { before: views[0], after: views[1], members: [] }));
      group.members.push({ subscription, grants });
    }
    return groups;
  }

  /**
   * The objects the commit did not write whose place in the group's view it changed: those that
   * entered or left it, or whose readable fields changed, because a grant changed (memberships,
   * or a semi-join reading a document the commit wrote). One query, in `_id` order; more than
   * `fanoutLimit` throws `FanoutExceeded`.
   */
  private async reachedObjects(
    model: Model,
    group: Group,
    written: ReadonlyMap<string, Candidate>,
  ): Promise<Map<string, Candidate>> {
    const pairs = new Map<string, [Filter, Filter]>();
    pairs.set('', [group.before.inView, group.after.inView]);
    for (const [field, after] of group.after.readable) {
      const before = group.before.readable.get(field)!;
      pairs.set(JSON.stringify([before, after]), [before, after]);
    }
    const branches: Filter[] = [];
    for (const [before, after] of pairs.values()) {
      const grantsDiffer = JSON.stringify(before) !== JSON.stringify(after);
      if (!grantsDiffer && !(await joinsChanged(after, this.commit, this.before, this.after))) continue;
      const [then, now] = [await this.before.asOfNow(before), await this.after.asOfNow(after)];
      branches.push({ $and: [now, { $nor: [then] }] }, { $and: [then, { $nor: [now] }] });
    }
    if (branches.length === 0) return new Map();
    // Objects this commit wrote or linked are judged already; those written by this commit or a
    // later one are judged from their versions, not from the store.
    const changed = this.before.changedIds(model.collection);
    const known = [...new Set([...changed, ...written.keys()])];
    const found = await this.deps.store.find(model.collection, {
      filter: { $and: [{ $or: branches }, ...(known.length > 0 ? [{ _id: { $nin: known } }] : [])] },
      sort: [{ field: '_id', direction: 1 }],
      limit: this.deps.fanoutLimit + 1,
    });
    if (found.length > this.deps.fanoutLimit) throw new FanoutExceeded(this.deps.fanoutLimit);
    const reached = new Map(found.map((doc) => [doc._id, { before: doc, after: doc, links: new Set<string>() }]));
    // Written only by a later commit: the same before and after this one.
    const later = changed.filter((id) => !written.has(id));
    for (const doc of await this.after.findByIds(model.collection, later))
      reached.set(doc._id, { before: doc, after: doc, links: new Set() });
    return reached;
  }

  /**
   * The fields whose value as the subscriber sees it changed: readable after and changed, or
   * readable only now, or no longer readable. Which fields changed is itself information, so a
   * field the subscriber may read at neither moment is never named.
   */
  private updatedFields(model: Model, id: string, candidate: Candidate, grants: GrantsAround): Promise<string[]> {
    const key = `${grants.before.key}\u0000${grants.after.key}\u0000${id}`;
    let fields = this.updatedFieldsMemo.get(key);
    if (!fields) {
      fields = (async () => {
        const changed = new Set([
          ...changedFields(candidate.before!, candidate.after!, model.fields.keys()),
          ...candidate.links,
        ]);
        const updated: string[] = [];
        for (const field of model.fields.keys()) {
          if (field === 'id') continue;
          const then = await readable(grants.before.access, model, field, candidate.before!);
          const now = await readable(grants.after.access, model, field, candidate.after!);
          if ((now && (!then || changed.has(field))) || (then && !now)) updated.push(field);
        }
        return updated;
      })();
      this.updatedFieldsMemo.set(key, fields);
    }
    return fields;
  }
}

async function readable(access: Access, model: Model, field: string, doc: StoredDoc): Promise<boolean> {
  return (
    access.bypass ||
    (access.allowsNow('read', model, [field], doc) ?? (await access.allows('read', model, [field], doc)))
  );
}

/**
 * A grant change reached more objects than one subscriber's view may take in one commit
 * (`WS_MAX_GRANT_FANOUT`, docs/subscriptions.md#limits). The subscriptions concerned end with
 * `SUBSCRIPTION_RESET`: what they show may be out of date, so the client refetches and
 * subscribes again. No event of that commit is sent to them, none is silently dropped.
 */
export class FanoutExceeded extends Error {
  constructor(readonly limit: number) {
    super(`a change of permissions reached more than ${limit} objects at once (WS_MAX_GRANT_FANOUT)`);
  }

  toGraphQLError(): GraphQLError {
    return new GraphQLError(`${this.message}: refetch what you show and subscribe again`, {
      extensions: { code: 'SUBSCRIPTION_RESET', limit: this.limit, setting: 'WS_MAX_GRANT_FANOUT' },
    });
  }
}
