import type { AppModel } from './AppModel';
import { ADMIN_ROLE } from './builtInSchema';
import { newStoredId } from '../store/newStoredId';
import { UniqueViolation, type Store } from '../store/Store';

/** The built-in `admin` role exists from the first start (SPEC §6); safe on every start. */
export async function ensureBuiltInData(app: AppModel, store: Store): Promise<void> {
  const roles = app.models.get('Role')!.collection;
  const now = new Date().toISOString();
  try {
    await store.insert(roles, { _id: newStoredId(), name: ADMIN_ROLE, createdAt: now, modifiedAt: now });
  } catch (error) {
    if (!(error instanceof UniqueViolation)) throw error;
  }
}
