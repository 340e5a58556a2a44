import type { AppModel } from './AppModel';
import { newStoredId } from '../store/newStoredId';
import { UniqueViolation, type Store } from '../store/Store';

/**
 * The roles that exist from the first start (docs/api.md#roles): the built-in `admin` role and every
 * role a rules file names (`reservedRoleNames`), without members, so nobody can take a rule's
 * grant by creating its role first. A role that exists already is left as it is. Safe on
 * every start.
 */
export async function ensureBuiltInData(app: AppModel, store: Store, roleNames: Iterable<string>): Promise<void> {
  const roles = app.models.get('Role')!.collection;
  const now = new Date().toISOString();
  for (const name of roleNames) {
    try {
      await store.insert(roles, { _id: newStoredId(), name, createdAt: now, modifiedAt: now });
    } catch (error) {
      if (!(error instanceof UniqueViolation)) throw error;
    }
  }
}
