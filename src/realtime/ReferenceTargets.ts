import type { Model, RelationField } from '../appModel/AppModel';
import type { StoredDoc } from '../store/Store';
import type { GrantsAround, ViewerGrants } from './CommitGrants';
import { FanoutExceeded, type JudgedCommit } from './JudgedCommit';
import { joinsChanged } from './joinsChanged';

/**
 * A to-one reference shows its target, or null when the viewer cannot see it (missing, or hidden
 * by the target's rules), as a query shows `node { author { id } }`. So the commit changes what
 * a reference shows when it changes the reference, or the target's visibility to that viewer:
 * the target deleted, hidden, revealed. One per judged commit; answers are kept for its life.
 */
export class ReferenceTargets {
  private readonly shownMemo = new Map<string, Promise<string | null>>();
  private readonly changedMemo = new Map<string, Promise<string[]>>();

  constructor(private readonly commit: JudgedCommit) {}

  /** What `field` of `doc` shows the viewer whose grants are `grants` at `moment`: the target's id, or null. */
  shown(
    moment: 'before' | 'after',
    grants: ViewerGrants,
    field: RelationField,
    doc: StoredDoc,
  ): Promise<string | null> {
    const id = doc[field.name];
    if (typeof id !== 'string') return Promise.resolve(null);
    const key = `${moment}\u0000${grants.key}\u0000${field.target}\u0000${id}`;
    let shown = this.shownMemo.get(key);
    if (!shown) {
      shown = (async () => {
        const store = this.commit[moment];
        const target = this.commit.app.models.get(field.target)!;
        const [found] = await store.findByIds(target.collection, [id]);
        return found && (await store.matches(await this.commit.views.visible(target, grants), found)) ? id : null;
      })();
      this.shownMemo.set(key, shown);
    }
    return shown;
  }

  /**
   * The objects of `target` whose visibility to a viewer the commit changed, by id: those it
   * wrote and those a grant change in it reached (one store query). More than the fan-out limit
   * throws `FanoutExceeded`.
   */
  changedVisibility(target: Model, grants: GrantsAround): Promise<string[]> {
    const key = `${target.name}\u0000${grants.before.key}\u0000${grants.after.key}`;
    let changed = this.changedMemo.get(key);
    if (!changed) this.changedMemo.set(key, (changed = this.findChanged(target, grants)));
    return changed;
  }

  private async findChanged(target: Model, grants: GrantsAround): Promise<string[]> {
    const { changes, before, after, store, fanoutLimit } = this.commit;
    const { views } = this.commit;
    const [then, now] = [await views.visible(target, grants.before), await views.visible(target, grants.after)];
    const ids: string[] = [];
    for (const change of changes) {
      if (change.collection !== target.collection) continue;
      const was = change.before !== null && (await before.matches(then, change.before));
      const is = change.after !== null && (await after.matches(now, change.after));
      if (was !== is) ids.push(change.id);
    }
    // The same filter object: the same grants (`ViewCache`).
    if (then !== now || (await joinsChanged(now, changes, before, after))) {
      const [thenNow, nowNow] = [await before.asOfNow(then), await after.asOfNow(now)];
      const changedIds = before.changedIds(target.collection);
      const found = await store.find(target.collection, {
        filter: {
          $and: [
            { $or: [{ $and: [nowNow, { $nor: [thenNow] }] }, { $and: [thenNow, { $nor: [nowNow] }] }] },
            ...(changedIds.length > 0 ? [{ _id: { $nin: changedIds } }] : []),
          ],
        },
        sort: [{ field: '_id', direction: 1 }],
        limit: fanoutLimit + 1,
      });
      ids.push(...found.map((doc) => doc._id));
    }
    if (ids.length > fanoutLimit) throw new FanoutExceeded(fanoutLimit);
    return ids;
  }
}
