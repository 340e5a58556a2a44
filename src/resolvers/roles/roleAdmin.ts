import type { AccessLevel } from '../../app/AppModel';
import { ADMIN_ROLE, USER_ROLES } from '../../app/builtInSchema';
import { userError } from '../../errors';
import type { StoreOperations, StoredDoc } from '../../store/Store';
import type { RequestContext } from '../RequestContext';

/** The stored link of `userId` in `roleId`, if any. */
export async function membership(store: StoreOperations, context: RequestContext, userId: string, roleId: string): Promise<StoredDoc | undefined> {
  const links = context.app.links.get(USER_ROLES)!;
  const [link] = await store.find(links.collection, { filter: { user: { $eq: userId }, role: { $eq: roleId } }, sort: [], limit: 1 });
  return link;
}

/**
 * Role management follows SPEC §6, not the rules files: a role's own admins manage it.
 * Admin tokens and members of the built-in `admin` role (`bypass`) may manage every role.
 */
export async function isRoleAdmin(context: RequestContext, roleId: string): Promise<boolean> {
  if (context.access.bypass) return true;
  if (context.viewer.kind !== 'user') return false;
  const link = await membership(context.store, context, context.viewer.id, roleId);
  return link?.accessLevel === 'admin';
}

export async function assertRoleAdmin(context: RequestContext, roleId: string, what: string): Promise<void> {
  if (!(await isRoleAdmin(context, roleId))) throw userError('FORBIDDEN', `only the role's admins may ${what}`);
}

/**
 * A role keeps at least one admin: removing or demoting the last one is refused, except with
 * an admin token (SPEC §6), which can always repair a role. Runs inside the write's transaction.
 */
export async function assertNotLastAdmin(
  tx: StoreOperations, context: RequestContext, roleId: string, link: StoredDoc, nextLevel: AccessLevel | undefined,
): Promise<void> {
  if (link.accessLevel !== 'admin' || nextLevel === 'admin' || context.viewer.kind === 'adminToken') return;
  const links = context.app.links.get(USER_ROLES)!;
  const admins = await tx.count(links.collection, { role: { $eq: roleId }, accessLevel: { $eq: 'admin' } });
  if (admins <= 1) {
    throw userError('FORBIDDEN', 'this is the last admin of the role; make someone else admin first (or use an admin token)');
  }
}

export function assertNotBuiltInRole(role: StoredDoc, what: string): void {
  if (role.name === ADMIN_ROLE) throw userError('FORBIDDEN', `the built-in ${ADMIN_ROLE} role cannot be ${what}`);
}
