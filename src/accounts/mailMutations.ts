import { GraphQLID, GraphQLNonNull, GraphQLString, type GraphQLFieldConfigMap } from 'graphql';
import { mutationWithClientMutationId } from 'graphql-relay';
import type { SchemaExtension } from '../graphqlSchema/buildSchema';
import type { ModelTypes } from '../graphqlSchema/modelTypes';
import { visibleAfterWrite } from '../resolvers/mutations/payloads';
import type { RequestContext } from '../resolvers/RequestContext';
import { viewerOf } from './accounts';
import { requestEmailVerification, verifyEmail } from './emailVerification';
import { requestPasswordReset, resetPassword, type MailFlowDeps } from './passwordReset';
import { tokenFields, type SignInAs } from './userMutations';

const required = { type: new GraphQLNonNull(GraphQLString) };

/**
 * The mutations of docs/accounts.md that mail a link: password reset and email verification.
 * Without mail configured each answers FEATURE_DISABLED.
 */
export function mailMutations(deps: MailFlowDeps, signInAs: SignInAs): NonNullable<SchemaExtension['mutations']> {
  return (typesOf) => {
    const types: ModelTypes = typesOf(deps.userModel.name);
    const fields: GraphQLFieldConfigMap<unknown, RequestContext> = {
      requestPasswordReset: mutationWithClientMutationId({
        name: 'RequestPasswordReset',
        description:
          'Mails a single-use reset link to the account with this address. The answer is the same whether or not one has it.',
        inputFields: { email: required },
        outputFields: {},
        mutateAndGetPayload: async (input: { email: string }, context: RequestContext) => {
          await requestPasswordReset(deps, context, input.email);
          return {};
        },
      }),
      resetPassword: mutationWithClientMutationId({
        name: 'ResetPassword',
        description:
          'Sets a new password with a mailed reset token; ends every earlier token and subscription of the user, and returns a fresh token.',
        inputFields: { token: required, newPassword: required },
        outputFields: { changedUser: { type: types.object }, ...tokenFields },
        mutateAndGetPayload: async (input: { token: string; newPassword: string }, context: RequestContext) => {
          const { user, ...tokens } = await resetPassword(deps, context, input);
          if (!context.access.bypass) await signInAs(context, viewerOf(user));
          return { changedUser: await visibleAfterWrite(context, deps.userModel, user), ...tokens };
        },
      }),
      verifyEmail: mutationWithClientMutationId({
        name: 'VerifyEmail',
        description: "Marks the user's email as verified with a mailed verification token.",
        inputFields: { token: required },
        outputFields: { changedUser: { type: types.object } },
        mutateAndGetPayload: async (input: { token: string }, context: RequestContext) => ({
          changedUser: await visibleAfterWrite(context, deps.userModel, await verifyEmail(deps, context, input.token)),
        }),
      }),
      requestEmailVerification: mutationWithClientMutationId({
        name: 'RequestEmailVerification',
        description: "Mails another verification link: to the viewer's own address, or (admins) to the user named.",
        inputFields: { userId: { type: GraphQLID } },
        outputFields: {},
        mutateAndGetPayload: async (input: { userId?: string | null }, context: RequestContext) => {
          await requestEmailVerification(deps, context, input.userId ?? undefined);
          return {};
        },
      }),
    };
    return fields;
  };
}
