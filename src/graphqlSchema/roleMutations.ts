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
import { toGlobalId } from '../resolvers/globalIds';
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
      inputFields: withLevel,
      outputFields: changedLink,
      mutateAndGetPayload: async (input, context: RequestContext) => ({
        changedUserRoles: await addMember(context, input as never),
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
