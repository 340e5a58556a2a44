import { GraphQLID, GraphQLNonNull, GraphQLString, type GraphQLFieldConfigMap } from 'graphql';
import { mutationWithClientMutationId } from 'graphql-relay';
import type { AppModel } from '../appModel/AppModel';
import { AdminTokenNameTaken, createAdminToken, listAdminTokens, revokeAdminToken } from '../auth/adminTokens';
import type { ViewAsTokens } from '../auth/viewAsTokens';
import { userError } from '../errors';
import { DateTimeScalar } from '../graphqlSchema/customScalars';
import type { ModelTypes } from '../graphqlSchema/modelTypes';
import { decodeGlobalId } from '../resolvers/globalIds';
import type { RequestContext } from '../resolvers/RequestContext';
import type { Store } from '../store/Store';
import { assertAdmin } from './adminAccess';
import { AdminTokenType } from './adminTypes';

/** The longest admin token name: names are shown in lists and logs, not documents. */
export const MAX_ADMIN_TOKEN_NAME_LENGTH = 100;

export interface AdminMutationDependencies {
  app: AppModel;
  store: Store;
  viewAsTokens: ViewAsTokens;
}

/**
 * The admin mutations of docs/api.md#admin-operations: admin tokens made and revoked as
 * `npm run admin-token` does, and read-only view-as tokens for the console.
 */
export function adminMutations(
  deps: AdminMutationDependencies,
  typesOf: (model: string) => ModelTypes,
): GraphQLFieldConfigMap<unknown, RequestContext> {
  const { app, store, viewAsTokens } = deps;
  return {
    createAdminToken: mutationWithClientMutationId({
      name: 'CreateAdminToken',
      description: 'Admin only: a new admin token, shown in this answer and never again.',
      inputFields: { name: { type: new GraphQLNonNull(GraphQLString) } },
      outputFields: { token: { type: GraphQLString }, adminToken: { type: AdminTokenType } },
      mutateAndGetPayload: async (input: { name: string }, context: RequestContext) => {
        await assertAdmin(context, 'write', 'createAdminToken');
        const name = input.name.trim();
        if (name.length === 0 || name.length > MAX_ADMIN_TOKEN_NAME_LENGTH)
          throw userError(
            'BAD_USER_INPUT',
            `an admin token's name is 1 to ${MAX_ADMIN_TOKEN_NAME_LENGTH} characters (MAX_ADMIN_TOKEN_NAME_LENGTH)`,
            { limit: MAX_ADMIN_TOKEN_NAME_LENGTH },
          );
        let token: string;
        try {
          token = await createAdminToken(store, name);
        } catch (error) {
          if (error instanceof AdminTokenNameTaken) throw userError('CONFLICT', error.message, { fields: ['name'] });
          throw error;
        }
        const adminToken = (await listAdminTokens(store)).find((info) => info.name === name);
        return { token, adminToken };
      },
    }),
    revokeAdminToken: mutationWithClientMutationId({
      name: 'RevokeAdminToken',
      description: 'Admin only: ends the admin token of this name at once.',
      inputFields: { name: { type: new GraphQLNonNull(GraphQLString) } },
      outputFields: { revokedName: { type: GraphQLString } },
      mutateAndGetPayload: async (input: { name: string }, context: RequestContext) => {
        await assertAdmin(context, 'write', 'revokeAdminToken');
        if (!(await revokeAdminToken(store, input.name)))
          throw userError('NOT_FOUND', `no admin token named "${input.name}"`);
        return { revokedName: input.name };
      },
    }),
    createViewAsToken: mutationWithClientMutationId({
      name: 'CreateViewAsToken',
      description:
        'Admin only: a short-lived, read-only token that sees what this user (or, without `userId`, an anonymous client) sees. Every mutation and subscription is refused to it.',
      inputFields: { userId: { type: GraphQLID, description: 'A User id; absent or null: an anonymous client.' } },
      outputFields: {
        token: { type: GraphQLString },
        expiresAt: { type: DateTimeScalar },
        user: { type: typesOf('User').object, description: 'The user viewed as, as the admin sees them.' },
      },
      mutateAndGetPayload: async (input: { userId?: string | null }, context: RequestContext) => {
        await assertAdmin(context, 'write', 'createViewAsToken');
        let user;
        if (input.userId) {
          [user] = await store.findByIds(app.models.get('User')!.collection, [
            decodeGlobalId(input.userId, ['User']).id,
          ]);
          if (!user) throw userError('NOT_FOUND', `no User with id ${input.userId}`);
        }
        return { ...viewAsTokens.sign(user), user: user ?? null };
      },
    }),
  };
}
