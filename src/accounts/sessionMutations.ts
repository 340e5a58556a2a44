import { GraphQLID, GraphQLNonNull, GraphQLString, type GraphQLFieldConfigMap } from 'graphql';
import { mutationWithClientMutationId } from 'graphql-relay';
import type { Model } from '../appModel/AppModel';
import type { SessionTokens } from '../auth/sessionTokens';
import { userError } from '../errors';
import type { SchemaExtension } from '../graphqlSchema/buildSchema';
import type { ModelTypes } from '../graphqlSchema/modelTypes';
import { decodeGlobalId, toGlobalId } from '../resolvers/globalIds';
import { visibleAfterWrite } from '../resolvers/mutations/payloads';
import type { RequestContext } from '../resolvers/RequestContext';
import { viewerOf } from './accounts';
import { tokenFields, type SignInAs } from './userMutations';

/** `logoutUser`: ends the session of the token this request came with. */
async function logOut(sessions: SessionTokens, context: RequestContext): Promise<void> {
  const viewer = context.viewer;
  if (viewer.kind === 'anonymous') throw userError('UNAUTHENTICATED', 'no token was sent: there is nothing to log out');
  if (viewer.kind === 'adminToken')
    throw userError('BAD_USER_INPUT', 'an admin token is revoked with `npm run admin-token -- revoke NAME`');
  if (viewer.session === undefined)
    throw userError('BAD_USER_INPUT', 'this token comes from your identity provider: sign out there');
  // A token signed before tokens named their session can only be ended with all the others.
  if (viewer.session === null) await sessions.endAll(viewer.id);
  else await sessions.end(viewer.id, viewer.session);
}

/** `logoutEverywhere`: every session of the viewer, or of the user an admin names. */
async function logOutEverywhere(
  sessions: SessionTokens,
  userModel: Model,
  context: RequestContext,
  userId: string | undefined,
): Promise<string> {
  const viewer = context.viewer;
  const id = userId ? decodeGlobalId(userId, [userModel.name]).id : viewer.kind === 'user' ? viewer.id : undefined;
  if (id === undefined) {
    throw viewer.kind === 'anonymous'
      ? userError('UNAUTHENTICATED', 'no token was sent: sign in, or as an admin name the user (userId)')
      : userError('BAD_USER_INPUT', 'name the user to log out (userId)', { field: 'userId' });
  }
  if (!(viewer.kind === 'user' && viewer.id === id) && !context.access.bypass)
    throw userError('FORBIDDEN', "only an admin may log out another user's sessions");
  if (!(await sessions.endAll(id))) throw userError('NOT_FOUND', `no User with id ${userId}`);
  return toGlobalId(userModel.name, id);
}

/** The session mutations of docs/accounts.md#sessions: log out, log out everywhere, refresh. */
export function sessionMutations(
  userModel: Model,
  sessions: SessionTokens,
  signInAs: SignInAs,
): NonNullable<SchemaExtension['mutations']> {
  return (typesOf) => {
    const types: ModelTypes = typesOf(userModel.name);
    const fields: GraphQLFieldConfigMap<unknown, RequestContext> = {
      logoutUser: mutationWithClientMutationId({
        name: 'LogoutUser',
        description: 'Ends the token this request is sent with (and its refresh tokens); other sessions stay.',
        inputFields: {},
        outputFields: {},
        mutateAndGetPayload: async (_input, context: RequestContext) => {
          await logOut(sessions, context);
          return {};
        },
      }),
      logoutEverywhere: mutationWithClientMutationId({
        name: 'LogoutEverywhere',
        description:
          'Ends every token, refresh token and open subscription of the viewer, or (admins) of the user named.',
        inputFields: { userId: { type: GraphQLID } },
        outputFields: { userId: { type: GraphQLID } },
        mutateAndGetPayload: async (input: { userId?: string | null }, context: RequestContext) => ({
          userId: await logOutEverywhere(sessions, userModel, context, input.userId ?? undefined),
        }),
      }),
      refreshUserToken: mutationWithClientMutationId({
        name: 'RefreshUserToken',
        description:
          'With REFRESH_TOKENS on: spends a refresh token for a new token and refresh token. A refresh token used twice ends its session.',
        inputFields: { refreshToken: { type: new GraphQLNonNull(GraphQLString) } },
        outputFields: { ...tokenFields, user: { type: types.object } },
        mutateAndGetPayload: async (input: { refreshToken: string }, context: RequestContext) => {
          const { user, ...tokens } = await sessions.refresh(input.refreshToken);
          if (!context.access.bypass) await signInAs(context, viewerOf(user));
          return { ...tokens, user: await visibleAfterWrite(context, userModel, user) };
        },
      }),
    };
    return fields;
  };
}
