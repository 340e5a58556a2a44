import type { Model } from '../appModel/AppModel';
import { tagModel } from '../resolvers/modelOf';
import type { Viewer } from '../Viewer';
import type { StoredDoc } from '../store/Store';
import type { CommitGrants, GrantsAround } from './CommitGrants';
import { eventKind } from './eventKind';
import { FanoutExceeded, subscriptionReset, type Candidate, type JudgedCommit } from './JudgedCommit';
import type { CompiledView } from './CompiledView';
import type { AlikeSubscriptions } from './AlikeSubscriptions';
import { reachedObjects } from './reachedObjects';
import { ReferenceTargets } from './ReferenceTargets';
import type { MutationKind, SubscriptionEvent } from './SubscriptionEvent';
import { updatedFields } from './updatedFields';

/** Subscriptions that see the model alike before and after the commit: judged once per object. */
interface Group {
  before: CompiledView;
  after: CompiledView;
  members: { alike: AlikeSubscriptions; grants: GrantsAround }[];
}

/**
 * One commit judged for the subscriptions to one model (docs/subscriptions.md#the-rule): each
 * object the commit may have changed for a subscriber is evaluated against the subscription
 * (rules and `where`) before and after the commit, with the grants of each moment:
 * visible → visible with a field the subscriber may read changed is UPDATE, invisible → visible
 * CREATE, visible → invisible (or deleted) DELETE, anything else nothing.
 *
 * The objects are those the commit wrote, the ends of the links it added or removed (a link is
 * data of both ends), and those a grant change in it reaches (`reachedObjects`).
 */
export class CommitJudge {
  private readonly updatedFieldsMemo = new Map<string, Promise<string[]>>();
  private readonly references: ReferenceTargets;

  constructor(
    private readonly commit: JudgedCommit,
    private readonly grants: CommitGrants,
  ) {
    this.references = new ReferenceTargets(commit);
  }

  async judge(model: Model, subscriptions: readonly AlikeSubscriptions[]): Promise<void> {
    const written = await this.writtenObjects(model);
    const known = new Set(written.keys());
    for (const group of await this.groups(subscriptions)) {
      let reached: Map<string, Candidate>;
      try {
        // One object per viewer (`CommitGrants`): its distinct grants.
        const grants = [...new Set(group.members.map((member) => member.grants))];
        reached = await reachedObjects(this.commit, model, group, grants, known, this.references);
      } catch (error) {
        if (!(error instanceof FanoutExceeded)) throw error;
        const reset = subscriptionReset(error.message, { limit: error.limit, setting: 'WS_MAX_GRANT_FANOUT' });
        for (const { alike } of group.members) alike.fail(reset);
        continue;
      }
      // Judged together, so the store questions of many objects go out batched; sent in order.
      const candidates = [...written, ...reached];
      const kinds = await Promise.all(candidates.map(([, candidate]) => this.kindFor(group, candidate)));
      for (const [i, [id, candidate]] of candidates.entries()) {
        if (kinds[i]) await this.send(model, group, id, candidate, kinds[i]);
      }
    }
  }

  private async kindFor(group: Group, candidate: Candidate): Promise<MutationKind | null> {
    const { before, after } = this.commit;
    const [was, is] = await Promise.all([
      candidate.before !== null && before.matches(group.before.inView, candidate.before),
      candidate.after !== null && after.matches(group.after.inView, candidate.after),
    ]);
    return eventKind(was, is);
  }

  private async send(model: Model, group: Group, id: string, candidate: Candidate, kind: MutationKind): Promise<void> {
    for (const { alike, grants } of group.members) {
      const wanting = [...alike.subscriptions].filter((subscription) => subscription.mutations.has(kind));
      if (wanting.length === 0) continue;
      const fields = kind === 'UPDATE' ? await this.updatedFields(model, id, candidate, grants) : null;
      if (fields?.length === 0) continue; // nothing the subscriber can see changed
      const event: SubscriptionEvent = {
        mutation: kind,
        node: kind === 'DELETE' ? null : tagModel(candidate.after!, model.name),
        previousValues:
          kind === 'CREATE' ? null : { doc: tagModel(candidate.before!, model.name), access: grants.before.access },
        updatedFields: fields,
        access: grants.present,
      };
      for (const subscription of alike.subscriptions)
        if (subscription.mutations.has(kind)) subscription.queue.push(event);
    }
  }

  private updatedFields(model: Model, id: string, candidate: Candidate, grants: GrantsAround): Promise<string[]> {
    const key = `${grants.before.key}\u0000${grants.after.key}\u0000${id}`;
    let fields = this.updatedFieldsMemo.get(key);
    if (!fields) this.updatedFieldsMemo.set(key, (fields = updatedFields(model, candidate, grants, this.references)));
    return fields;
  }

  /** The documents of `model` the commit wrote, and the ends of its links, each as it was before and after. */
  private async writtenObjects(model: Model): Promise<Map<string, Candidate>> {
    const written = new Map<string, { before: StoredDoc | null; after: StoredDoc | null; links: Set<string> }>();
    const linkEnds = new Map<string, Set<string>>();
    for (const change of this.commit.changes) {
      if (change.collection === model.collection) {
        const known = written.get(change.id);
        if (known) known.after = change.after;
        else written.set(change.id, { before: change.before, after: change.after, links: new Set() });
      }
      for (const relation of this.commit.app.relations.values()) {
        if (relation.kind !== 'manyToMany' || relation.collection !== change.collection) continue;
        const link = change.before ?? change.after!;
        relation.ends.forEach((end, i) => {
          const id = link[relation.linkKeys[i]];
          if (end.model !== model.name || typeof id !== 'string') return;
          let fields = linkEnds.get(id);
          if (!fields) linkEnds.set(id, (fields = new Set()));
          fields.add(end.field);
        });
      }
    }
    const unread = [...linkEnds.keys()].filter((id) => !written.has(id));
    const [before, after] = await Promise.all([
      this.commit.before.findByIds(model.collection, unread),
      this.commit.after.findByIds(model.collection, unread),
    ]);
    const byId = (docs: StoredDoc[]) => new Map(docs.map((doc) => [doc._id, doc]));
    const [then, now] = [byId(before), byId(after)];
    for (const id of unread)
      written.set(id, { before: then.get(id) ?? null, after: now.get(id) ?? null, links: new Set() });
    for (const [id, fields] of linkEnds) for (const field of fields) written.get(id)!.links.add(field);
    return written;
  }

  /** Subscriptions grouped by their views before and after (shared objects: see `ViewCache`). */
  private async groups(alikes: readonly AlikeSubscriptions[]): Promise<Group[]> {
    const groups = new Map<CompiledView, Map<CompiledView, Group>>();
    const all: Group[] = [];
    const viewers = [...new Set(alikes.map((alike) => alike.viewer))];
    const byViewer = new Map<Viewer, GrantsAround>(
      await Promise.all(viewers.map(async (viewer) => [viewer, await this.grants.of(viewer)] as const)),
    );
    for (const alike of alikes) {
      const grants = byViewer.get(alike.viewer)!;
      // At once when unchanged since the last commit.
      let before = alike.viewNow(grants.before);
      let after = alike.viewNow(grants.after);
      if (!before || !after) {
        try {
          [before, after] = await Promise.all([alike.view(grants.before), alike.view(grants.after)]);
        } catch (error) {
          // E.g. the viewer may no longer read a field their `where` names: end with that error.
          alike.fail(error as Error);
          continue;
        }
      }
      let byAfter = groups.get(before);
      if (!byAfter) groups.set(before, (byAfter = new Map()));
      let group = byAfter.get(after);
      if (!group) {
        byAfter.set(after, (group = { before, after, members: [] }));
        all.push(group);
      }
      group.members.push({ alike, grants });
    }
    return all;
  }
}
