import { GraphQLID, GraphQLNonNull, GraphQLString, type GraphQLFieldConfigMap, type GraphQLObjectType } from 'graphql';
import { mutationWithClientMutationId } from 'graphql-relay';
import type { ManyToMany } from '../appModel/AppModel';
import type { RequestContext } from '../resolvers/RequestContext';
import {
  addMember,
  changeMemberLevel,
  createRole,
  deleteRole,
  removeMember,
  updateRoleName,
} from '../roles/roleWrites';
import { decodeGlobalId, toGlobalId } from '../resolvers/globalIds';
import { acceptInvitation, declineInvitation } from '../roles/roleInvitations';
import { AccessLevelEnum } from './enums';
import { linkEndInputs } from './linkMutations';
import { edgeOf, visibleAfterWrite } from '../resolvers/mutations/payloads';
import type { ModelTypes } from './modelTypes';

/**
 * Role management (docs/api.md#roles). These replace the generic Role and UserRoles mutations: they
 * follow the role's own admins, not the rules files, which govern reads only.
 */
export function roleMutations(
  userRoles: ManyToMany,
  payloadType: GraphQLObjectType,
  role: ModelTypes,
  invitationType: GraphQLObjectType,
): GraphQLFieldConfigMap<unknown, RequestContext> {
  const withLevel = { ...linkEndInputs(userRoles), accessLevel: { type: new GraphQLNonNull(AccessLevelEnum) } };
  const changedLink = { changedUserRoles: { type: payloadType } };
  const roleModel = (context: RequestContext) => context.app.models.get('Role')!;
  return {
    createRole: mutationWithClientMutationId({
      name: 'CreateRole',
      inputFields: { name: { type: new GraphQLNonNull(GraphQLString) } },
      outputFields: { changedRole: { type: role.object }, changedRoleEdge: { type: role.edge } },
      mutateAndGetPayload: async (input, context: RequestContext) => {
        const created = await visibleAfterWrite(context, roleModel(context), await createRole(context, input));
        return { changedRole: created, changedRoleEdge: await edgeOf(context, roleModel(context), created) };
      },
    }),
    updateRole: mutationWithClientMutationId({
      name: 'UpdateRole',
      inputFields: { id: { type: new GraphQLNonNull(GraphQLID) }, name: { type: GraphQLString } },
      outputFields: { changedRole: { type: role.object } },
      mutateAndGetPayload: async (input, context: RequestContext) => ({
        changedRole: await visibleAfterWrite(
          context,
          roleModel(context),
          await updateRoleName(context, input as { id: string; name?: string }),
        ),
      }),
    }),
    deleteRole: mutationWithClientMutationId({
      name: 'DeleteRole',
      inputFields: { id: { type: new GraphQLNonNull(GraphQLID) } },
      outputFields: { changedRole: { type: role.object }, deletedId: { type: GraphQLID } },
      mutateAndGetPayload: async (input, context: RequestContext) => {
        const deleted = await deleteRole(context, input.id as string);
        return { changedRole: deleted, deletedId: toGlobalId('Role', deleted._id) };
      },
    }),
    addToUserRolesConnection: mutationWithClientMutationId({
      name: 'AddToUserRolesConnection',
      description:
        "A global admin adds the member at once (changedUserRoles); a role's own admin invites them (invitation), and they join by acceptRoleInvitation.",
      inputFields: withLevel,
      outputFields: { ...changedLink, invitation: { type: invitationType } },
      mutateAndGetPayload: async (input, context: RequestContext) => {
        const { membership, invitation } = await addMember(context, input as never);
        return { changedUserRoles: membership, invitation };
      },
    }),
    acceptRoleInvitation: mutationWithClientMutationId({
      name: 'AcceptRoleInvitation',
      description: 'Joins the role you are invited to, at the level of the invitation.',
      inputFields: { roleId: { type: new GraphQLNonNull(GraphQLID) } },
      outputFields: changedLink,
      mutateAndGetPayload: async (input, context: RequestContext) => ({
        changedUserRoles: await acceptInvitation(context, roleIdOf(input.roleId as string)),
      }),
    }),
    declineRoleInvitation: mutationWithClientMutationId({
      name: 'DeclineRoleInvitation',
      description: 'Drops your invitation to the role; nothing else changes.',
      inputFields: { roleId: { type: new GraphQLNonNull(GraphQLID) } },
      outputFields: { changedRoleInvitation: { type: invitationType } },
      mutateAndGetPayload: async (input, context: RequestContext) => ({
        changedRoleInvitation: await declineInvitation(context, roleIdOf(input.roleId as string)),
      }),
    }),
    updateUserRolesConnection: mutationWithClientMutationId({
      name: 'UpdateUserRolesConnection',
      inputFields: withLevel,
      outputFields: changedLink,
      mutateAndGetPayload: async (input, context: RequestContext) => ({
        changedUserRoles: await changeMemberLevel(context, input as never),
      }),
    }),
    removeFromUserRolesConnection: mutationWithClientMutationId({
      name: 'RemoveFromUserRolesConnection',
      inputFields: linkEndInputs(userRoles),
      outputFields: changedLink,
      mutateAndGetPayload: async (input, context: RequestContext) => ({
        changedUserRoles: await removeMember(context, input as never),
      }),
    }),
  };
}

const roleIdOf = (globalId: string) => decodeGlobalId(globalId, ['Role']).id;
