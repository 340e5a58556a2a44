import {
  GraphQLID,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLString,
  type GraphQLFieldConfig,
} from 'graphql';
import { toGlobalId } from '../resolvers/globalIds';
import type { RequestContext } from '../resolvers/RequestContext';
import { invitationsOf, type RoleInvitation } from '../roles/roleInvitations';
import { DateTimeScalar } from './customScalars';
import { AccessLevelEnum } from './enums';
import type { ModelTypes } from './modelTypes';

/**
 * `RoleInvitation` (docs/api.md#roles): a role admin's offer of a membership, pending until the
 * user accepts or declines it. The role's id and name are shown to the invited user whatever
 * the Role rules say, so they can decide; `role` and `user` resolve under the rules.
 */
export function roleInvitationType(typesOf: (model: string) => ModelTypes): GraphQLObjectType<RoleInvitation> {
  const visible = (model: 'Role' | 'User', pick: (i: RoleInvitation) => string) => ({
    type: typesOf(model).object,
    resolve: (invitation: RoleInvitation, _args: unknown, context: RequestContext) =>
      context.loaders.visibleById(context.app.models.get(model)!).load(pick(invitation)),
  });
  return new GraphQLObjectType<RoleInvitation, RequestContext>({
    name: 'RoleInvitation',
    description:
      'A pending invitation to a role: the user becomes a member at `accessLevel` by acceptRoleInvitation, or drops it by declineRoleInvitation.',
    fields: {
      roleId: { type: new GraphQLNonNull(GraphQLID), resolve: (i) => toGlobalId('Role', i.role._id) },
      roleName: { type: new GraphQLNonNull(GraphQLString), resolve: (i) => i.role.name as string },
      role: visible('Role', (i) => i.role._id),
      userId: { type: new GraphQLNonNull(GraphQLID), resolve: (i) => toGlobalId('User', i.user._id) },
      user: visible('User', (i) => i.user._id),
      accessLevel: { type: new GraphQLNonNull(AccessLevelEnum) },
      createdAt: { type: new GraphQLNonNull(DateTimeScalar) },
    },
  });
}

/** `Viewer.roleInvitations`: the signed-in user's pending invitations, oldest first (empty for others). */
export function viewerRoleInvitations(
  invitationType: GraphQLObjectType<RoleInvitation>,
): GraphQLFieldConfig<unknown, RequestContext> {
  return {
    type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(invitationType))),
    description: 'Roles you are invited to: accept or decline each (MAX_PENDING_INVITATIONS_PER_USER at most).',
    resolve: (_source, _args, context) => invitationsOf(context),
  };
}
