import type { AccessLevel } from '../appModel/AppModel';
import { ROLE_CREATOR, USER_ROLES } from '../appModel/builtInSchema';
import { NAME_SKELETON, normaliseName } from '../appModel/accountNames';
import { userError } from '../errors';
import type { StoredDoc } from '../store/Store';
import { decodeGlobalId } from '../resolvers/globalIds';
import { tagModel } from '../resolvers/modelOf';
import { newStoredId } from '../store/newStoredId';
import type { LinkChange } from '../resolvers/mutations/changeLink';
import { createObject } from '../resolvers/mutations/createObject';
import { deleteObject } from '../resolvers/mutations/deleteObject';
import { asConflict, notFound } from '../resolvers/mutations/writeErrors';
import { checkedName } from '../resolvers/mutations/checkedName';
import type { RequestContext } from '../resolvers/RequestContext';
import { assertMayJoinAnotherRole } from '../permissions/Membership';
import { dropInvitation, invite, isInvited, type RoleInvitation } from './roleInvitations';
import { assertMayNameRole, assertNotBuiltInRole, assertNotLastAdmin, assertRoleAdmin, membership } from './roleAdmin';

/**
 * The most roles one user may have created (those that still exist); global admins create any
 * number. Each role is a membership of its creator, so this also bounds how close a user can
 * bring themselves to MAX_ROLES_PER_USER without anyone's consent but their own.
 */
export const MAX_ROLES_CREATED_PER_USER = 100;

/** `createRole`: any signed-in user; the creator becomes the role's admin, in one transaction. */
export async function createRole(context: RequestContext, input: Record<string, unknown>): Promise<StoredDoc> {
  if (context.viewer.kind === 'anonymous') throw userError('FORBIDDEN', 'sign in to create a role');
  assertMayNameRole(context, typeof input.name === 'string' ? normaliseName(input.name) : input.name);
  const viewer = context.viewer;
  const roleModel = context.app.models.get('Role')!;
  const limited = viewer.kind === 'user' && !context.access.bypass;
  return context.store.transaction(async (tx) => {
    if (
      limited &&
      (await tx.count(roleModel.collection, { [ROLE_CREATOR]: { $eq: viewer.id } })) >= MAX_ROLES_CREATED_PER_USER
    )
      throw userError(
        'BAD_USER_INPUT',
        `a user may not create more than ${MAX_ROLES_CREATED_PER_USER} roles (MAX_ROLES_CREATED_PER_USER); delete some first`,
        { limit: MAX_ROLES_CREATED_PER_USER },
      );
    const role = await createObject(context, roleModel, input, {
      store: tx,
      authorize: async () => true,
      hidden: viewer.kind === 'user' ? { [ROLE_CREATOR]: viewer.id } : {},
    });
    if (viewer.kind === 'user') {
      await assertMayJoinAnotherRole(context.app, tx, viewer.id);
      const now = new Date().toISOString();
      await tx.insert(context.app.links.get(USER_ROLES)!.collection, {
        _id: newStoredId(),
        user: viewer.id,
        role: role._id,
        accessLevel: 'admin',
        createdAt: now,
      });
    }
    return role;
  });
}

/**
 * `updateRole`: the role's admins; the built-in admin role keeps its name, and a name the
 * rules files use is given or taken away by admins only.
 */
export async function updateRoleName(
  context: RequestContext,
  input: { id: string; name?: string | null },
): Promise<StoredDoc> {
  await assertRoleAdmin(context, roleIdOf(input.id), 'rename it');
  const role = await loadRole(context, input.id);
  assertNotBuiltInRole(role, 'renamed');
  if (input.name === null) throw userError('BAD_USER_INPUT', 'Role.name cannot be null');
  if (input.name === undefined) return role;
  assertMayNameRole(context, role.name);
  assertMayNameRole(context, normaliseName(input.name));
  const roleModel = context.app.models.get('Role')!;
  const { name, skeleton } = await checkedName(context.store, roleModel, 'name', input.name, role._id);
  const modifiedAt = new Date().toISOString();
  try {
    await context.store.update(roleModel.collection, role._id, {
      set: { name, [NAME_SKELETON]: skeleton, modifiedAt },
    });
  } catch (error) {
    throw asConflict(error, 'Role');
  }
  context.loaders.visibleById(roleModel).clear(role._id);
  return tagModel({ ...role, name, [NAME_SKELETON]: skeleton, modifiedAt }, 'Role');
}

/** `deleteRole`: the role's admins; its memberships go with it atomically. */
export async function deleteRole(context: RequestContext, globalId: string): Promise<StoredDoc> {
  await assertRoleAdmin(context, roleIdOf(globalId), 'delete it');
  const role = await loadRole(context, globalId);
  assertNotBuiltInRole(role, 'deleted');
  assertMayNameRole(context, role.name);
  return deleteObject(context, context.app.models.get('Role')!, globalId, { authorize: async () => true });
}

interface MemberInput {
  userId: string;
  roleId: string;
  accessLevel?: AccessLevel;
}

/**
 * `addToUserRolesConnection` (docs/api.md#roles): global admins (admin tokens, the `admin`
 * role) enroll members directly at any level; a role's own admins invite, and the user
 * becomes a member by accepting (`acceptRoleInvitation`), so nobody is put in a role, or near
 * MAX_ROLES_PER_USER, without their consent.
 */
export async function addMember(
  context: RequestContext,
  input: MemberInput,
): Promise<{ membership: LinkChange | null; invitation: RoleInvitation | null }> {
  await assertRoleAdmin(context, roleIdOf(input.roleId), 'add members');
  const { user, role } = await loadMember(context, input);
  if (!context.access.bypass)
    return { membership: null, invitation: await invite(context, user, role, input.accessLevel!) };
  return { membership: await enroll(context, user, role, input.accessLevel), invitation: null };
}

/** A global admin's direct add, in a transaction that judges the rights and the membership cap again. */
async function enroll(
  context: RequestContext,
  user: StoredDoc,
  role: StoredDoc,
  accessLevel: AccessLevel | undefined,
): Promise<LinkChange> {
  const link = { _id: newStoredId(), user: user._id, role: role._id, accessLevel, createdAt: new Date().toISOString() };
  await context.store.transaction(async (tx) => {
    await assertRoleAdmin(context, role._id, 'add members', tx);
    await assertMayJoinAnotherRole(context.app, tx, user._id);
    try {
      await tx.insert(context.app.links.get(USER_ROLES)!.collection, link);
    } catch (error) {
      throw asConflict(error, 'this membership (use updateUserRolesConnection to change its level)');
    }
  });
  return { ends: [user, role], edge: { accessLevel } };
}

/** `updateUserRolesConnection`: the role's admins change a member's level; the last admin stays. */
export async function changeMemberLevel(context: RequestContext, input: MemberInput): Promise<LinkChange> {
  await assertRoleAdmin(context, roleIdOf(input.roleId), 'change access levels');
  const { user, role } = await loadMember(context, input);
  const links = context.app.links.get(USER_ROLES)!;
  await context.store.transaction(async (tx) => {
    // Rights again, within the transaction: another admin may have demoted the caller meanwhile.
    await assertRoleAdmin(context, role._id, 'change access levels', tx);
    const link = await membership(tx, context, user._id, role._id);
    if (!link) throw notMember();
    await assertNotLastAdmin(tx, context, role._id, link, input.accessLevel);
    await tx.update(links.collection, link._id, { set: { accessLevel: input.accessLevel } });
  });
  return { ends: [user, role], edge: { accessLevel: input.accessLevel } };
}

/** `removeFromUserRolesConnection`: the member themself, or the role's admins; the last admin stays. */
export async function removeMember(context: RequestContext, input: MemberInput): Promise<LinkChange> {
  const userId = decodeGlobalId(input.userId, ['User']).id;
  const roleId = roleIdOf(input.roleId);
  const self = context.viewer.kind === 'user' && context.viewer.id === userId;
  if (!self) await assertRoleAdmin(context, roleId, 'remove other members');
  // Invited, not yet a member: removing withdraws (or, for the user, declines) the invitation.
  if (!(await membership(context.store, context, userId, roleId)) && (await isInvited(context, userId, roleId))) {
    const dropped = await dropInvitation(context, userId, roleId);
    return { ends: [dropped.user, dropped.role], edge: { accessLevel: dropped.accessLevel } };
  }
  // A member leaving learns only whether they are a member, not whether the role exists.
  const { user, role } = self ? await loadLinkEnds(context, userId, roleId) : await loadMember(context, input);
  const links = context.app.links.get(USER_ROLES)!;
  const removed = await context.store.transaction(async (tx) => {
    if (!self) await assertRoleAdmin(context, role._id, 'remove other members', tx);
    const link = await membership(tx, context, user._id, role._id);
    if (!link) throw notMember();
    await assertNotLastAdmin(tx, context, role._id, link, undefined);
    await tx.deleteMany(links.collection, { _id: { $eq: link._id } });
    return link;
  });
  return { ends: [user, role], edge: { accessLevel: removed.accessLevel } };
}

const roleIdOf = (globalId: string) => decodeGlobalId(globalId, ['Role']).id;
const notMember = () => userError('NOT_FOUND', 'this user is not a member of this role');

/** The user and role of an existing membership; NOT_FOUND, the same either way, if there is none. */
async function loadLinkEnds(
  context: RequestContext,
  userId: string,
  roleId: string,
): Promise<{ user: StoredDoc; role: StoredDoc }> {
  const [role] = await context.store.findByIds(context.app.models.get('Role')!.collection, [roleId]);
  const [user] = await context.store.findByIds(context.app.models.get('User')!.collection, [userId]);
  if (!role || !user) throw notMember();
  return { user: tagModel(user, 'User'), role: tagModel(role, 'Role') };
}

async function loadRole(context: RequestContext, globalId: string): Promise<StoredDoc> {
  const roleModel = context.app.models.get('Role')!;
  const { id } = decodeGlobalId(globalId, ['Role']);
  const [role] = await context.store.findByIds(roleModel.collection, [id]);
  if (!role) throw notFound('Role', globalId);
  return tagModel(role, 'Role');
}

/**
 * Both ends of a membership, by id alone: a role's admin enrolls users they may not be able
 * to read (User is private by default), so existence, not visibility, is what counts here.
 */
async function loadMember(context: RequestContext, input: MemberInput): Promise<{ user: StoredDoc; role: StoredDoc }> {
  const { id } = decodeGlobalId(input.userId, ['User']);
  const role = await loadRole(context, input.roleId);
  const [user] = await context.store.findByIds(context.app.models.get('User')!.collection, [id]);
  if (!user) throw notFound('User', input.userId);
  return { user: tagModel(user, 'User'), role };
}
