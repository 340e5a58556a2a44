import { randomBytes } from 'node:crypto';
import type { AccessLevel } from '../appModel/AppModel';
import { ADMIN_ROLE, USER_ROLES } from '../appModel/builtInSchema';
import { userError } from '../errors';
import type { StoreOperations, StoredDoc } from '../store/Store';
import type { RequestContext } from '../resolvers/RequestContext';

/** The stored link of `userId` in `roleId`, if any. */
export async function membership(
  store: StoreOperations,
  context: RequestContext,
  userId: string,
  roleId: string,
): Promise<StoredDoc | undefined> {
  const links = context.app.links.get(USER_ROLES)!;
  const [link] = await store.find(links.collection, {
    filter: { user: { $eq: userId }, role: { $eq: roleId } },
    sort: [],
    limit: 1,
  });
  return link;
}

/**
 * Role management follows docs/api.md#roles, not the rules files: a role's own admins manage it.
 * Admin tokens and members of the built-in `admin` role (`bypass`) may manage every role.
 * Judged on the stored role id alone, before anything is loaded, so a caller without rights
 * cannot tell an existing role from a missing one. Pass a transaction's `store` to judge
 * within it.
 */
export async function isRoleAdmin(
  context: RequestContext,
  roleId: string,
  store: StoreOperations = context.store,
): Promise<boolean> {
  if (context.access.bypass) return true;
  if (context.viewer.kind !== 'user') return false;
  const link = await membership(store, context, context.viewer.id, roleId);
  return link?.accessLevel === 'admin';
}

export async function assertRoleAdmin(
  context: RequestContext,
  roleId: string,
  what: string,
  store?: StoreOperations,
): Promise<void> {
  if (!(await isRoleAdmin(context, roleId, store))) throw userError('FORBIDDEN', `only the role's admins may ${what}`);
}

/**
 * A role keeps at least one admin: removing or demoting the last one is refused, except with
 * an admin token (docs/api.md#roles), which can always repair a role. Runs inside the write's
 * transaction and first writes a fresh token to the role itself, so two transactions that
 * change the same role's members conflict (MongoDB retries the later one, which then counts
 * again) instead of each counting the other's admin and leaving none.
 */
export async function assertNotLastAdmin(
  tx: StoreOperations,
  context: RequestContext,
  roleId: string,
  link: StoredDoc,
  nextLevel: AccessLevel | undefined,
): Promise<void> {
  await tx.update(context.app.models.get('Role')!.collection, roleId, {
    set: { _membersVersion: randomBytes(8).toString('hex') },
  });
  if (link.accessLevel !== 'admin' || nextLevel === 'admin' || context.viewer.kind === 'adminToken') return;
  const links = context.app.links.get(USER_ROLES)!;
  const admins = await tx.count(links.collection, { role: { $eq: roleId }, accessLevel: { $eq: 'admin' } });
  if (admins <= 1) {
    throw userError(
      'FORBIDDEN',
      'this is the last admin of the role; make someone else admin first (or use an admin token)',
    );
  }
}

/**
 * The built-in `admin` role keeps its name and cannot be deleted; a role whose name a rules
 * file uses keeps it unless an admin renames it, and nobody else may take such a name.
 */
export function assertNotBuiltInRole(role: StoredDoc, what: string): void {
  if (role.name === ADMIN_ROLE) throw userError('FORBIDDEN', `the built-in ${ADMIN_ROLE} role cannot be ${what}`);
}

export function assertMayNameRole(context: RequestContext, name: unknown): void {
  if (typeof name === 'string' && !context.access.mayNameRole(name)) {
    throw userError(
      'FORBIDDEN',
      `the role name "${name}" is used by the rules files; only admins may give it or take it away`,
    );
  }
}
