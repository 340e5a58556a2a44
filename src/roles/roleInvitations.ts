import type { AccessLevel } from '../appModel/AppModel';
import { ROLE_INVITATIONS, USER_ROLES } from '../appModel/builtInSchema';
import { userError } from '../errors';
import { assertMayJoinAnotherRole } from '../permissions/Membership';
import { tagModel } from '../resolvers/modelOf';
import type { LinkChange } from '../resolvers/mutations/changeLink';
import type { RequestContext } from '../resolvers/RequestContext';
import { keysetAfter } from '../store/keyset';
import { newStoredId } from '../store/newStoredId';
import { UniqueViolation, type SortKey, type StoredDoc, type StoreOperations } from '../store/Store';
import { assertRoleAdmin, membership } from './roleAdmin';

/**
 * The most invitations one user may have pending: past it, new ones are refused until the
 * user accepts or declines some (they are listed on `viewer.roleInvitations`, all of them).
 */
export const MAX_PENDING_INVITATIONS_PER_USER = 50;
/** The most invitations one role may have pending; its admins withdraw unanswered ones. */
export const MAX_PENDING_INVITATIONS_PER_ROLE = 100;

/** A pending invitation as the API shows it (`RoleInvitation`). */
export interface RoleInvitation {
  user: StoredDoc;
  role: StoredDoc;
  accessLevel: AccessLevel;
  createdAt: string;
}

function tooMany(what: string, limit: number, name: string) {
  return userError('BAD_USER_INPUT', `${what} more than ${limit} pending invitations (${name})`, { limit });
}

/**
 * A role admin's `addToUserRolesConnection` for another user (docs/api.md#roles): an invitation
 * the user accepts or declines, bounded per user and per role, judged in one transaction with
 * the caller's rights. Nothing is granted until the user accepts.
 */
export async function invite(
  context: RequestContext,
  user: StoredDoc,
  role: StoredDoc,
  accessLevel: AccessLevel,
): Promise<RoleInvitation> {
  const invitation = { user: user._id, role: role._id, accessLevel, createdAt: new Date().toISOString() };
  await context.store.transaction(async (tx) => {
    await assertRoleAdmin(context, role._id, 'add members', tx);
    if (await membership(tx, context, user._id, role._id))
      throw userError('CONFLICT', 'this user is a member of this role already (use updateUserRolesConnection)');
    if ((await tx.count(ROLE_INVITATIONS.name, { role: { $eq: role._id } })) >= MAX_PENDING_INVITATIONS_PER_ROLE)
      throw tooMany(
        'a role may not have',
        MAX_PENDING_INVITATIONS_PER_ROLE,
        'MAX_PENDING_INVITATIONS_PER_ROLE; withdraw some with removeFromUserRolesConnection',
      );
    if ((await tx.count(ROLE_INVITATIONS.name, { user: { $eq: user._id } })) >= MAX_PENDING_INVITATIONS_PER_USER)
      throw tooMany('a user may not have', MAX_PENDING_INVITATIONS_PER_USER, 'MAX_PENDING_INVITATIONS_PER_USER');
    try {
      await tx.insert(ROLE_INVITATIONS.name, { _id: newStoredId(), ...invitation });
    } catch (error) {
      if (error instanceof UniqueViolation)
        throw userError('CONFLICT', 'this user is invited to this role already; they may accept or decline it');
      throw error;
    }
  });
  return { ...invitation, user, role };
}

/** `acceptRoleInvitation`: the invited user becomes a member at the invitation's level. */
export async function acceptInvitation(context: RequestContext, roleId: string): Promise<LinkChange> {
  const userId = invitedUser(context);
  const links = context.app.links.get(USER_ROLES)!;
  const { invitation, user, role } = await context.store.transaction(async (tx) => {
    const found = await pending(context, tx, userId, roleId);
    await tx.deleteMany(ROLE_INVITATIONS.name, { _id: { $eq: found.invitation._id } });
    // A global admin may have added the user meanwhile: the invitation is then simply used up.
    if (!(await membership(tx, context, userId, roleId))) {
      await assertMayJoinAnotherRole(context.app, tx, userId);
      await tx.insert(links.collection, {
        _id: newStoredId(),
        user: userId,
        role: roleId,
        accessLevel: found.invitation.accessLevel,
        createdAt: new Date().toISOString(),
      });
    }
    return found;
  });
  return { ends: [user, role], edge: { accessLevel: invitation.accessLevel } };
}

/** `declineRoleInvitation`: the viewer's invitation is gone, nothing else changes. */
export function declineInvitation(context: RequestContext, roleId: string): Promise<RoleInvitation> {
  return dropInvitation(context, invitedUser(context), roleId);
}

/** A role admin's `removeFromUserRolesConnection` for a user who is invited, not a member: the invitation is withdrawn. */
export async function dropInvitation(context: RequestContext, userId: string, roleId: string): Promise<RoleInvitation> {
  return context.store.transaction(async (tx) => {
    const { invitation, user, role } = await pending(context, tx, userId, roleId);
    await tx.deleteMany(ROLE_INVITATIONS.name, { _id: { $eq: invitation._id } });
    return shown(invitation, user, role);
  });
}

/**
 * The viewer's pending invitations, oldest first: all of them. `invite` keeps them within
 * MAX_PENDING_INVITATIONS_PER_USER, but concurrent transactions on MongoDB may let a few past
 * it, so they are read in pages of that size until a page is short: none is ever left out.
 */
export async function invitationsOf(context: RequestContext): Promise<RoleInvitation[]> {
  if (context.viewer.kind !== 'user') return [];
  const mine = { user: { $eq: context.viewer.id } };
  const sort: SortKey[] = [
    { field: 'createdAt', direction: 1 },
    { field: '_id', direction: 1 },
  ];
  const found: StoredDoc[] = [];
  for (;;) {
    const last = found.at(-1);
    const filter = last ? { $and: [mine, keysetAfter(sort, [last.createdAt as string, last._id])] } : mine;
    const page = await context.store.find(ROLE_INVITATIONS.name, {
      filter,
      sort,
      limit: MAX_PENDING_INVITATIONS_PER_USER,
    });
    found.push(...page);
    if (page.length < MAX_PENDING_INVITATIONS_PER_USER) break;
  }
  const roles = new Map(
    (
      await context.store.findByIds(
        context.app.models.get('Role')!.collection,
        found.map((i) => i.role as string),
      )
    ).map((role) => [role._id, tagModel(role, 'Role')]),
  );
  const user = tagModel(context.viewer.user, 'User');
  return found.filter((i) => roles.has(i.role as string)).map((i) => shown(i, user, roles.get(i.role as string)!));
}

/** Whether `userId` has an invitation to `roleId` (for a withdrawal, which the role's admins may make). */
export async function isInvited(context: RequestContext, userId: string, roleId: string): Promise<boolean> {
  const [found] = await context.store.find(ROLE_INVITATIONS.name, {
    filter: { user: { $eq: userId }, role: { $eq: roleId } },
    sort: [],
    limit: 1,
  });
  return found !== undefined;
}

function invitedUser(context: RequestContext): string {
  if (context.viewer.kind !== 'user') throw userError('FORBIDDEN', 'sign in to answer a role invitation');
  return context.viewer.id;
}

async function pending(
  context: RequestContext,
  tx: StoreOperations,
  userId: string,
  roleId: string,
): Promise<{ invitation: StoredDoc; user: StoredDoc; role: StoredDoc }> {
  const [invitation] = await tx.find(ROLE_INVITATIONS.name, {
    filter: { user: { $eq: userId }, role: { $eq: roleId } },
    sort: [],
    limit: 1,
  });
  const [role] = invitation ? await tx.findByIds(context.app.models.get('Role')!.collection, [roleId]) : [];
  const [user] = role ? await tx.findByIds(context.app.models.get('User')!.collection, [userId]) : [];
  if (!invitation || !role || !user) throw userError('NOT_FOUND', 'there is no pending invitation to this role');
  return { invitation, user: tagModel(user, 'User'), role: tagModel(role, 'Role') };
}

function shown(invitation: StoredDoc, user: StoredDoc, role: StoredDoc): RoleInvitation {
  return {
    user,
    role,
    accessLevel: invitation.accessLevel as AccessLevel,
    createdAt: invitation.createdAt as string,
  };
}
