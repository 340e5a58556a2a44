import {
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigMap,
  type GraphQLInputFieldConfigMap,
  type GraphQLInterfaceType,
} from 'graphql';
import { connectionArgs, connectionDefinitions } from 'graphql-relay';
import type { AppModel, Model } from '../appModel/AppModel';
import { USER_ROLES } from '../appModel/builtInSchema';
import type { RequestContext } from '../resolvers/RequestContext';
import { EDGE_LINK, resolveEdgeField, type EdgeLink } from '../resolvers/edgeFields';
import { resolveRelationField, resolveScalarField } from '../resolvers/fields';
import { toGlobalId } from '../resolvers/globalIds';
import type { StoredDoc } from '../store/Store';
import { AccessLevelEnum, OrderDirectionEnum } from './enums';
import { FILTER_INPUTS } from './filterInputs';
import { GRAPHQL_SCALARS } from './scalarTypes';
import { FileType } from './fileTypes';

export interface ModelTypes {
  object: GraphQLObjectType;
  connection: GraphQLObjectType;
  edge: GraphQLObjectType;
  where: GraphQLInputObjectType;
  orderBy: GraphQLInputObjectType;
}

/** The arguments of every list of a model: Relay paging plus `where` and `orderBy`. */
export function listArgs(types: ModelTypes) {
  return {
    ...connectionArgs,
    where: { type: types.where },
    orderBy: { type: new GraphQLList(new GraphQLNonNull(types.orderBy)) },
  };
}

/**
 * The output and filter types of every model (docs/api.md), built lazily so models may refer
 * to each other in any order.
 */
export function buildModelTypes(app: AppModel, nodeInterface: GraphQLInterfaceType): Map<string, ModelTypes> {
  const all = new Map<string, ModelTypes>();
  const typesOf = (name: string) => all.get(name)!;
  for (const model of app.models.values()) {
    const object = new GraphQLObjectType<StoredDoc, RequestContext>({
      name: model.name,
      interfaces: [nodeInterface],
      fields: () => objectFields(model, typesOf),
    });
    const { connectionType, edgeType } = connectionDefinitions({
      nodeType: object,
      connectionFields: {
        totalCount: { type: new GraphQLNonNull(GraphQLInt), description: 'How many objects match, over all pages.' },
      },
      edgeFields: edgeFieldsOf(app, model),
    });
    const orderField = new GraphQLEnumType({
      name: `${model.name}OrderField`,
      values: Object.fromEntries(
        [...model.fields.values()]
          .filter((f) => f.kind === 'scalar' && f.type !== 'JSON' && f.type !== 'File')
          .map((f) => [f.name, {}]),
      ),
    });
    const orderBy = new GraphQLInputObjectType({
      name: `${model.name}OrderBy`,
      fields: {
        field: { type: new GraphQLNonNull(orderField) },
        direction: { type: OrderDirectionEnum, defaultValue: 'ASC' },
      },
    });
    const where: GraphQLInputObjectType = new GraphQLInputObjectType({
      name: `${model.name}WhereInput`,
      description: `Conditions on ${model.plural}; fields and AND/OR/NOT combine with AND.`,
      fields: () => whereFields(model, where),
    });
    all.set(model.name, { object, connection: connectionType, edge: edgeType, where, orderBy });
  }
  return all;
}

/** Many-to-many edges of `UserRoles` carry the member's access level (docs/schema.md). */
function edgeFieldsOf(app: AppModel, model: Model): GraphQLFieldConfigMap<unknown, RequestContext> {
  const userRoles = app.relations.get(USER_ROLES);
  const carries = userRoles?.kind === 'manyToMany' && userRoles.ends.some((end) => end.model === model.name);
  return carries
    ? {
        accessLevel: {
          type: AccessLevelEnum,
          description: `Set on ${USER_ROLES} edges (User.roles, Role.members); null elsewhere.`,
          resolve: (edge: unknown, _args: unknown, context: RequestContext) =>
            resolveEdgeField(context, (edge as { [EDGE_LINK]?: EdgeLink })[EDGE_LINK], 'accessLevel'),
        },
      }
    : {};
}

function objectFields(
  model: Model,
  typesOf: (name: string) => ModelTypes,
): GraphQLFieldConfigMap<StoredDoc, RequestContext> {
  const fields: GraphQLFieldConfigMap<StoredDoc, RequestContext> = {};
  for (const field of model.fields.values()) {
    if (field.name === 'id') {
      fields.id = { type: new GraphQLNonNull(GRAPHQL_SCALARS.ID), resolve: (doc) => toGlobalId(model.name, doc._id) };
    } else if (field.kind === 'scalar') {
      // Nullable even when required: a field the viewer may not read resolves to null with
      // an error at its own path (docs/permissions.md#what-each-operation-checks) instead of nulling the whole object.
      fields[field.name] = {
        type: field.type === 'File' ? FileType : GRAPHQL_SCALARS[field.type],
        resolve: (doc, _args, context) => resolveScalarField(context, model, field, doc),
      };
    } else {
      const target = typesOf(field.target);
      const config: GraphQLFieldConfig<StoredDoc, RequestContext, Record<string, unknown>> = field.list
        ? { type: target.connection, args: listArgs(target) }
        : { type: target.object };
      config.resolve = (doc, args, context) => resolveRelationField(context, model, field, doc, args);
      fields[field.name] = config;
    }
  }
  return fields;
}

function whereFields(model: Model, self: GraphQLInputObjectType): GraphQLInputFieldConfigMap {
  const fields: GraphQLInputFieldConfigMap = {};
  for (const field of model.fields.values()) {
    if (field.kind === 'scalar') {
      const filter = FILTER_INPUTS[field.type];
      if (filter) fields[field.name] = { type: filter };
    } else if (field.storage === 'reference') {
      fields[field.name] = { type: FILTER_INPUTS.ID!, description: `Filters on the ${field.target}'s id.` };
    }
  }
  fields.AND = { type: new GraphQLList(new GraphQLNonNull(self)) };
  fields.OR = { type: new GraphQLList(new GraphQLNonNull(self)) };
  fields.NOT = { type: self };
  return fields;
}
