import {
  GraphQLID,
  GraphQLNonNull,
  GraphQLString,
  type GraphQLFieldConfigMap,
  type GraphQLInputFieldConfigMap,
} from 'graphql';
import { mutationWithClientMutationId } from 'graphql-relay';
import type { Model } from '../appModel/AppModel';
import { PASSWORD_FIELD } from '../appModel/builtInSchema';
import type { RequestContext } from '../resolvers/RequestContext';
import type { SchemaExtension } from '../graphqlSchema/buildSchema';
import { writableInputFields } from '../graphqlSchema/inputFields';
import { edgeOf, visibleAfterWrite } from '../resolvers/mutations/payloads';
import type { ModelTypes } from '../graphqlSchema/modelTypes';
import { createManyMutation, inputTypeOf } from '../graphqlSchema/createManyMutation';
import { MAX_CREATE_MANY_USERS } from '../resolvers/mutations/createEach';
import { createWithFiles, updateWithFiles } from '../files/fileWrites';
import { viewerOf, type Accounts } from './accounts';
import type { Viewer } from '../Viewer';
import type { IssuedTokens } from '../auth/sessionTokens';

/** The tokens a sign-in returns (docs/accounts.md#sessions): `refreshToken` is null unless REFRESH_TOKENS is on. */
export const tokenFields = {
  token: { type: GraphQLString, description: 'Send as `Authorization: Bearer <token>`.' },
  refreshToken: {
    type: GraphQLString,
    description: 'With REFRESH_TOKENS on: spend it once with refreshUserToken for the next token. Else null.',
  },
};

/**
 * Makes the rest of this request run as `viewer`, the user who just signed up or in, so the
 * payload shows what the holder of the returned token may see, and nothing more. Callers who
 * skip the rules (admin tokens, admins) keep their own view.
 */
export type SignInAs = (context: RequestContext, viewer: Viewer) => Promise<void>;

/**
 * docs/api.md#users-and-tokens's mutations: `createUser` and `updateUser` replace the generated ones (they take a
 * write-only `password`), plus `loginUser` and `updateUserPassword`. A payload shows the user
 * as the person holding the returned token sees it.
 */
export function userMutations(
  userModel: Model,
  accounts: Accounts,
  signInAs: SignInAs,
): NonNullable<SchemaExtension['mutations']> {
  return (typesOf) => {
    const types: ModelTypes = typesOf(userModel.name);
    const createFields: GraphQLInputFieldConfigMap = {
      ...writableInputFields(userModel, 'create'),
      [PASSWORD_FIELD]: { type: new GraphQLNonNull(GraphQLString) },
    };
    const loginFields: GraphQLInputFieldConfigMap = { [PASSWORD_FIELD]: { type: new GraphQLNonNull(GraphQLString) } };
    for (const field of accounts.credentialFields) loginFields[field] = { type: GraphQLString };

    const fields: GraphQLFieldConfigMap<unknown, RequestContext> = {
      createUser: mutationWithClientMutationId({
        name: 'CreateUser',
        description: "Sign up. Subject to User's `create` rules; returns a token for the new user.",
        inputFields: createFields,
        outputFields: {
          changedUser: { type: types.object },
          changedUserEdge: { type: types.edge },
          ...tokenFields,
        },
        mutateAndGetPayload: async (input, context: RequestContext) => {
          let tokens: IssuedTokens = { token: '', refreshToken: null };
          const user = await createWithFiles(context, userModel, input, async (stored, id) => {
            const { user: signedUp, ...issued } = await accounts.signUp(context, stored, id);
            tokens = issued;
            return signedUp;
          });
          if (!context.access.bypass) await signInAs(context, viewerOf(user));
          const shown = await visibleAfterWrite(context, userModel, user);
          return { changedUser: shown, changedUserEdge: await edgeOf(context, userModel, shown), ...tokens };
        },
      }),
      loginUser: mutationWithClientMutationId({
        name: 'LoginUser',
        description: `Sign in with exactly one of ${accounts.credentialFields.join(', ')} and the password; sets lastLogin.`,
        inputFields: loginFields,
        outputFields: { ...tokenFields, user: { type: types.object } },
        mutateAndGetPayload: async (input, context: RequestContext) => {
          const { user, ...tokens } = await accounts.logIn(context, input);
          if (!context.access.bypass) await signInAs(context, viewerOf(user));
          return { ...tokens, user: await visibleAfterWrite(context, userModel, user) };
        },
      }),
      updateUserPassword: mutationWithClientMutationId({
        name: 'UpdateUserPassword',
        description: 'Change a password knowing the old one: the user themself or an admin. Ends every older token.',
        inputFields: {
          id: { type: new GraphQLNonNull(GraphQLID) },
          oldPassword: { type: new GraphQLNonNull(GraphQLString) },
          newPassword: { type: new GraphQLNonNull(GraphQLString) },
        },
        outputFields: { changedUser: { type: types.object }, ...tokenFields },
        mutateAndGetPayload: async (input, context: RequestContext) => {
          const { user, tokens } = await accounts.changePassword(
            context,
            input as { id: string; oldPassword: string; newPassword: string },
          );
          if (tokens && !context.access.bypass) await signInAs(context, viewerOf(user));
          return {
            changedUser: await visibleAfterWrite(context, userModel, user),
            token: tokens?.token ?? null,
            refreshToken: tokens?.refreshToken ?? null,
          };
        },
      }),
      updateUser: mutationWithClientMutationId({
        name: 'UpdateUser',
        inputFields: {
          id: { type: new GraphQLNonNull(GraphQLID) },
          ...writableInputFields(userModel, 'update'),
          [PASSWORD_FIELD]: {
            type: GraphQLString,
            description: 'A reset without the old password: needs `update` on User.password.',
          },
        },
        outputFields: { changedUser: { type: types.object } },
        mutateAndGetPayload: async (input, context: RequestContext) => ({
          changedUser: await visibleAfterWrite(
            context,
            userModel,
            await updateWithFiles(context, userModel, input, (stored) => accounts.update(context, stored)),
          ),
        }),
      }),
    };
    Object.assign(
      fields,
      createManyMutation(
        userModel,
        types,
        inputTypeOf(fields.createUser),
        MAX_CREATE_MANY_USERS,
        (context, items, path) => accounts.signUpMany(context, items, path),
      ),
    );
    return fields;
  };
}
