import type { AppModel } from './AppModel';
import { NAME_FIELDS, NAME_SKELETON, nameSkeleton } from './accountNames';
import { newStoredId } from '../store/newStoredId';
import { UniqueViolation, type Store } from '../store/Store';

/** Stored names given a skeleton per store query, at the first start after an upgrade. */
export const SKELETON_FILL_BATCH = 500;

/**
 * The roles that exist from the first start (docs/api.md#roles): the built-in `admin` role and every
 * role a rules file names (`reservedRoleNames`), without members, so nobody can take a rule's
 * grant by creating its role first. A role that exists already is left as it is. Also gives
 * every stored user and role name without one its skeleton (`accountNames.ts`). Safe on
 * every start.
 */
export async function ensureBuiltInData(app: AppModel, store: Store, roleNames: Iterable<string>): Promise<void> {
  const roles = app.models.get('Role')!.collection;
  const now = new Date().toISOString();
  for (const name of roleNames) {
    try {
      await store.insert(roles, {
        _id: newStoredId(),
        name,
        [NAME_SKELETON]: nameSkeleton(name),
        createdAt: now,
        modifiedAt: now,
      });
    } catch (error) {
      if (!(error instanceof UniqueViolation)) throw error;
    }
  }
  for (const [model, field] of Object.entries(NAME_FIELDS))
    await fillNameSkeletons(store, app.models.get(model)!.collection, field);
}

/** Users and roles stored before names had skeletons get theirs, a batch at a time, so every name is checked against them. */
async function fillNameSkeletons(store: Store, collection: string, field: string): Promise<void> {
  for (;;) {
    const page = await store.find(collection, {
      filter: { [NAME_SKELETON]: { $eq: null } },
      sort: [{ field: '_id', direction: 1 }],
      limit: SKELETON_FILL_BATCH,
    });
    for (const doc of page) {
      if (typeof doc[field] === 'string')
        await store.update(collection, doc._id, { set: { [NAME_SKELETON]: nameSkeleton(doc[field]) } });
    }
    if (page.length < SKELETON_FILL_BATCH) return;
  }
}
