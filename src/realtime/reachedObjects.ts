import type { Model } from '../appModel/AppModel';
import type { Filter, StoredDoc } from '../store/Store';
import type { GrantsAround } from './CommitGrants';
import { FanoutExceeded, type Candidate, type JudgedCommit } from './JudgedCommit';
import { joinsChanged } from './joinsChanged';
import type { CompiledView } from './CompiledView';
import type { ReferenceTargets } from './ReferenceTargets';

/**
 * The objects of `model` the commit did not write whose place in a view it changed through a
 * grant change (docs/subscriptions.md#grant-changes): those that entered or left the view, or
 * whose readable fields changed (memberships, or a semi-join reading a document the commit
 * wrote), and those whose references now show a target differently (a target hidden, revealed
 * or deleted for one of `grants`). Found by the store, in `_id` order, never more than
 * `fanoutLimit`: past it, `FanoutExceeded`.
 *
 * `known` are the objects judged already (written or linked by the commit); objects written by
 * a later commit are judged from their version of this moment, not from the store.
 */
export async function reachedObjects(
  commit: JudgedCommit,
  model: Model,
  views: { before: CompiledView; after: CompiledView },
  grants: readonly GrantsAround[],
  known: ReadonlySet<string>,
  references: ReferenceTargets,
): Promise<Map<string, Candidate>> {
  const { before, after, store, fanoutLimit } = commit;
  // The same grants, and nothing written that the view reads through: nothing can be reached.
  if (views.before === views.after && !commit.changes.some((change) => views.after.reads.has(change.collection)))
    return new Map();
  const branches: Filter[] = [];
  for (const [then, now] of viewPairs(views)) {
    const grantsDiffer = then !== now;
    if (!grantsDiffer && !(await joinsChanged(now, commit.changes, before, after))) continue;
    const [thenNow, nowNow] = [await before.asOfNow(then), await after.asOfNow(now)];
    branches.push({ $and: [nowNow, { $nor: [thenNow] }] }, { $and: [thenNow, { $nor: [nowNow] }] });
  }
  for (const field of model.fields.values()) {
    if (field.kind !== 'relation' || field.storage !== 'reference') continue;
    const target = commit.app.models.get(field.target)!;
    const targets = new Set<string>();
    for (const around of grants) for (const id of await references.changedVisibility(target, around)) targets.add(id);
    if (targets.size > 0) branches.push({ [field.name]: { $in: [...targets] } });
  }
  if (branches.length === 0) return new Map();
  const changed = before.changedIds(model.collection);
  const excluded = [...new Set([...changed, ...known])];
  const found = await store.find(model.collection, {
    filter: { $and: [{ $or: branches }, ...(excluded.length > 0 ? [{ _id: { $nin: excluded } }] : [])] },
    sort: [{ field: '_id', direction: 1 }],
    limit: fanoutLimit + 1,
  });
  if (found.length > fanoutLimit) throw new FanoutExceeded(fanoutLimit);
  const reached = new Map(found.map((doc) => [doc._id, unchanged(doc)]));
  // Written only by a later commit: what this moment held, before and after alike.
  const later = changed.filter((id) => !known.has(id));
  for (const doc of await after.findByIds(model.collection, later)) reached.set(doc._id, unchanged(doc));
  return reached;
}

/**
 * The view's filters, before and after, whose difference is a change for the subscriber: in
 * view, and each field readable. The same filter object at both moments means the same grants.
 */
function viewPairs({ before, after }: { before: CompiledView; after: CompiledView }): [Filter, Filter][] {
  const pairs: [Filter, Filter][] = [[before.inView, after.inView]];
  const seen = new Set<Filter>();
  for (const [field, now] of after.readable) {
    const then = before.readable.get(field)!;
    if (then === now ? seen.has(now) : false) continue;
    seen.add(now);
    pairs.push([then, now]);
  }
  return pairs;
}

function unchanged(doc: StoredDoc): Candidate {
  return { before: doc, after: doc, links: new Set() };
}
