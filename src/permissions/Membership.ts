import type { AccessLevel, AppModel } from '../app/AppModel';
import { USER_ROLES } from '../app/builtInSchema';
import type { Store } from '../store/Store';

/** One of the viewer's roles, with the access level of that membership. */
export interface Membership {
  roleId: string;
  roleName: string;
  accessLevel: AccessLevel;
}

/** Upper bound on the roles one user's rules consider. */
export const MAX_ROLES_PER_USER = 1000;

/** The viewer's roles: two indexed reads, once per request (STYLE §4). */
export async function loadMemberships(app: AppModel, store: Store, userId: string): Promise<Membership[]> {
  const links = app.links.get(USER_ROLES)!;
  const found = await store.find(links.collection, { filter: { user: { $eq: userId } }, sort: [], limit: MAX_ROLES_PER_USER });
  if (found.length === 0) return [];
  const roles = await store.findByIds(app.models.get('Role')!.collection, found.map((link) => link.role as string));
  const names = new Map(roles.map((role) => [role._id, role.name as string]));
  return found
    .filter((link) => names.has(link.role as string))
    .map((link) => ({ roleId: link.role as string, roleName: names.get(link.role as string)!, accessLevel: link.accessLevel as AccessLevel }));
}
