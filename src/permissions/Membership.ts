import type { AccessLevel, AppModel } from '../appModel/AppModel';
import { USER_ROLES } from '../appModel/builtInSchema';
import { userError } from '../errors';
import type { StoreOperations } from '../store/Store';

/** One of the viewer's roles, with the access level of that membership. */
export interface Membership {
  roleId: string;
  roleName: string;
  accessLevel: AccessLevel;
}

/**
 * The most roles one user may belong to: every request reads them all, so the bound keeps that
 * read small. Joining one more is refused (`assertMayJoinAnotherRole`); a user who holds more
 * anyway (written to the store directly) gets a clear error on every request, never a silent
 * cut of some memberships.
 */
export const MAX_ROLES_PER_USER = 1000;

function tooManyRoles(what: string, extensions: Record<string, unknown> = {}) {
  return userError(
    'BAD_USER_INPUT',
    `${what} more than ${MAX_ROLES_PER_USER} roles (MAX_ROLES_PER_USER); remove some memberships first`,
    { ...extensions, limit: MAX_ROLES_PER_USER },
  );
}

/** Refuses a membership that would take `userId` past `MAX_ROLES_PER_USER`. */
export async function assertMayJoinAnotherRole(
  app: AppModel,
  store: Pick<StoreOperations, 'count'>,
  userId: string,
): Promise<void> {
  const links = app.links.get(USER_ROLES)!;
  if ((await store.count(links.collection, { user: { $eq: userId } })) >= MAX_ROLES_PER_USER)
    throw tooManyRoles('a user may not belong to');
}

/**
 * The viewer's roles: two indexed reads, once per request (nothing per-user outlives a request),
 * from the store or from a view of it at another moment (a subscription's judge reads the
 * moment before a commit).
 */
export async function loadMemberships(
  app: AppModel,
  store: Pick<StoreOperations, 'find' | 'findByIds'>,
  userId: string,
): Promise<Membership[]> {
  const links = app.links.get(USER_ROLES)!;
  const found = await store.find(links.collection, {
    filter: { user: { $eq: userId } },
    sort: [],
    limit: MAX_ROLES_PER_USER + 1,
  });
  // Thrown while the request's context is built, where Apollo answers 500 unless told otherwise.
  if (found.length > MAX_ROLES_PER_USER) throw tooManyRoles('this user belongs to', { http: { status: 400 } });
  if (found.length === 0) return [];
  const roles = await store.findByIds(
    app.models.get('Role')!.collection,
    found.map((link) => link.role as string),
  );
  const names = new Map(roles.map((role) => [role._id, role.name as string]));
  return found
    .filter((link) => names.has(link.role as string))
    .map((link) => ({
      roleId: link.role as string,
      roleName: names.get(link.role as string)!,
      accessLevel: link.accessLevel as AccessLevel,
    }));
}
