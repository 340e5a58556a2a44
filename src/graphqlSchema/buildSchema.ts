import { GraphQLID, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, type GraphQLFieldConfigMap } from 'graphql';
import { nodeDefinitions } from 'graphql-relay';
import type { AppModel } from '../appModel/AppModel';
import type { ConnectionArgs } from '../resolvers/connections';
import { modelOf } from '../resolvers/modelOf';
import type { RequestContext } from '../resolvers/RequestContext';
import { allObjects, getObject, limitedNodes, nodeById, viewerUser } from '../resolvers/rootQueries';
import type { StoredDoc } from '../store/Store';
import { USER_ROLES } from '../appModel/builtInSchema';
import { withFreshAccessPerMutation } from './freshAccessPerMutation';
import { refuseReadOnlyViewers } from './refuseReadOnlyViewers';
import { linkMutations } from './linkMutations';
import { linkType } from './linkType';
import { roleMutations } from './roleMutations';
import { roleInvitationType, viewerRoleInvitations } from './roleInvitationType';
import { modelMutations } from './modelMutations';
import { createManyObjects } from './createManyMutation';
import { buildModelTypes, listArgs, type ModelTypes } from './modelTypes';
import type { SubscribeToModel } from '../realtime/SubscriptionEvent';
import { subscriptionFields } from './subscriptionTypes';

/** Extra root fields other parts of the server contribute (accounts, the admin operations). */
export interface SchemaExtension {
  queries?: (typesOf: (model: string) => ModelTypes) => GraphQLFieldConfigMap<unknown, RequestContext>;
  mutations?: (typesOf: (model: string) => ModelTypes) => GraphQLFieldConfigMap<unknown, RequestContext>;
  /** The source of `subscribeTo<Type>` events (docs/subscriptions.md); without it there is no Subscription type. */
  subscribe?: SubscribeToModel;
}

/**
 * The app model → the Relay API of docs/api.md: `node`/`nodes`, `viewer`, `get<Type>`,
 * `all<Types>`, and the create/update/delete and link mutations.
 */
export function buildSchema(app: AppModel, extension: SchemaExtension = {}): GraphQLSchema {
  const { nodeInterface, nodeField, nodesField } = nodeDefinitions<RequestContext>(nodeById(app), (doc: StoredDoc) =>
    modelOf(doc),
  );
  const types = buildModelTypes(app, nodeInterface);
  const typesOf = (model: string) => types.get(model)!;

  const invitationType = roleInvitationType(typesOf);
  const viewerType = new GraphQLObjectType<unknown, RequestContext>({
    name: 'Viewer',
    description: 'Who is asking. `user` is null for anonymous requests and admin tokens.',
    fields: {
      user: {
        type: typesOf('User').object,
        resolve: (_source, _args, context) => viewerUser(app, context),
      },
      roleInvitations: viewerRoleInvitations(invitationType),
    },
  });

  const queryFields: GraphQLFieldConfigMap<unknown, RequestContext> = {
    node: nodeField,
    nodes: { ...nodesField, resolve: limitedNodes(nodesField.resolve!) },
    viewer: { type: new GraphQLNonNull(viewerType), resolve: () => ({}) },
  };
  let mutationFields: GraphQLFieldConfigMap<unknown, RequestContext> = {};
  for (const model of app.models.values()) {
    const modelTypes = typesOf(model.name);
    queryFields[`get${model.name}`] = {
      type: modelTypes.object,
      args: { id: { type: new GraphQLNonNull(GraphQLID) } },
      resolve: (_source, args: { id: string }, context) => getObject(model, context, args.id),
    };
    queryFields[`all${model.plural}`] = {
      type: new GraphQLNonNull(modelTypes.connection),
      args: listArgs(modelTypes),
      resolve: (_source, args: ConnectionArgs, context, info) => allObjects(model, context, args, info),
    };
    mutationFields = { ...mutationFields, ...modelMutations(model, modelTypes) };
    mutationFields = { ...mutationFields, ...createManyObjects(model, modelTypes, mutationFields) };
  }
  for (const relation of app.relations.values()) {
    if (relation.kind !== 'manyToMany') continue;
    const payloadType = linkType(relation, typesOf);
    const fields =
      relation.name === USER_ROLES
        ? roleMutations(relation, payloadType, typesOf('Role'), invitationType)
        : linkMutations(relation, payloadType);
    mutationFields = { ...mutationFields, ...fields };
  }
  mutationFields = { ...mutationFields, ...extension.mutations?.(typesOf) };
  Object.assign(queryFields, extension.queries?.(typesOf));

  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: queryFields }),
    mutation: new GraphQLObjectType({
      name: 'Mutation',
      fields: withFreshAccessPerMutation(refuseReadOnlyViewers(mutationFields, 'mutation')),
    }),
    subscription: extension.subscribe
      ? new GraphQLObjectType({
          name: 'Subscription',
          fields: refuseReadOnlyViewers(subscriptionFields(app, typesOf, extension.subscribe), 'subscription'),
        })
      : undefined,
  });
}
