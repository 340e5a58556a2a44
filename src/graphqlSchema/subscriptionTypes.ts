import {
  GraphQLEnumType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLString,
  type GraphQLFieldConfigMap,
} from 'graphql';
import type { AppModel, Model } from '../appModel/AppModel';
import { userError } from '../errors';
import type { RequestContext } from '../resolvers/RequestContext';
import { resolveScalarField } from '../resolvers/fields';
import { toGlobalId } from '../resolvers/globalIds';
import type {
  PreviousValues,
  SubscribeToModel,
  SubscriptionArgs,
  SubscriptionEvent,
} from '../realtime/SubscriptionEvent';
import { FileType } from './fileTypes';
import { GRAPHQL_SCALARS } from './scalarTypes';
import type { ModelTypes } from './modelTypes';

export const MutationTypeEnum = new GraphQLEnumType({
  name: 'MutationType',
  description:
    'What happened to the object, as the subscriber sees it (an object entering your view arrives as CREATE).',
  values: { CREATE: {}, UPDATE: {}, DELETE: {} },
});

/** docs/subscriptions.md: `subscribeTo<Type>(mutations, where)` for every model, with its payload types. */
export function subscriptionFields(
  app: AppModel,
  typesOf: (model: string) => ModelTypes,
  subscribe: SubscribeToModel,
): GraphQLFieldConfigMap<unknown, RequestContext> {
  const fields: GraphQLFieldConfigMap<unknown, RequestContext> = {};
  for (const model of app.models.values()) {
    const types = typesOf(model.name);
    const payload = new GraphQLObjectType<SubscriptionEvent, RequestContext>({
      name: `${model.name}SubscriptionPayload`,
      fields: {
        mutation: { type: new GraphQLNonNull(MutationTypeEnum) },
        node: { type: types.object },
        previousValues: { type: previousValuesType(model) },
        updatedFields: { type: new GraphQLList(new GraphQLNonNull(GraphQLString)) },
      },
    });
    fields[`subscribeTo${model.name}`] = {
      type: payload,
      args: {
        mutations: {
          type: new GraphQLList(new GraphQLNonNull(MutationTypeEnum)),
          description: 'Which events to receive; all when absent.',
        },
        where: { type: types.where, description: 'Only objects that match, before or after the change.' },
      },
      subscribe: (_source, args: SubscriptionArgs, context) => subscribe(context, model, args),
      // Over HTTP a subscription operation is executed once, with no event: say where to go.
      resolve: (event) =>
        event ??
        Promise.reject(userError('BAD_USER_INPUT', 'subscriptions are served over WebSocket (graphql-ws) at /graphql')),
    };
  }
  return fields;
}

/**
 * The object's scalar fields as they were, each masked like the object's own fields, by the
 * rules as they applied to it before the change (docs/subscriptions.md#decisions): a DELETE of
 * a document whose grant went with it still shows what its subscriber could see of it.
 */
function previousValuesType(model: Model): GraphQLObjectType {
  const fields: GraphQLFieldConfigMap<PreviousValues, RequestContext> = {};
  for (const field of model.fields.values()) {
    if (field.kind !== 'scalar') continue;
    fields[field.name] =
      field.name === 'id'
        ? { type: new GraphQLNonNull(GRAPHQL_SCALARS.ID), resolve: ({ doc }) => toGlobalId(model.name, doc._id) }
        : {
            // A File field as it was: its metadata, and a URL that works while the file is kept.
            type: field.type === 'File' ? FileType : GRAPHQL_SCALARS[field.type],
            resolve: ({ doc, access }, _args, context) => resolveScalarField({ ...context, access }, model, field, doc),
          };
  }
  return new GraphQLObjectType<PreviousValues, RequestContext>({ name: `${model.name}PreviousValues`, fields });
}
