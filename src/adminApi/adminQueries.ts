import {
  GraphQLID,
  GraphQLList,
  GraphQLNonNull,
  GraphQLString,
  type GraphQLObjectType,
  introspectionFromSchema,
  printSchema,
  type GraphQLFieldConfigMap,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import type { AppModel } from '../appModel/AppModel';
import { listAdminTokens } from '../auth/adminTokens';
import { userError } from '../errors';
import { JSONScalar } from '../graphqlSchema/customScalars';
import type { Policy } from '../permissions/compilePolicy';
import { loadMemberships } from '../permissions/Membership';
import { decodeGlobalId } from '../resolvers/globalIds';
import type { RequestContext } from '../resolvers/RequestContext';
import type { Store } from '../store/Store';
import { assertAdmin } from './adminAccess';
import { AccessExplanationType, AdminTokenType, SchemaCheckReportType, TypeRulesType } from './adminTypes';
import { checkProposedSchema } from './checkProposedSchema';
import { explainAccess } from './explainAccess';
import { permissionMatrix } from './permissionMatrix';

export interface AdminDependencies {
  app: AppModel;
  policy: Policy;
  /** The store itself: explain and the schema check ask it as the CLIs do. */
  store: Store;
}

const nonNullList = (type: GraphQLObjectType) => new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(type)));

/** The schema is fixed once served: its SDL and introspection are computed once per schema. */
const printed = new WeakMap<GraphQLSchema, { sdl: string; introspection: IntrospectionQuery }>();
function describeSchema(schema: GraphQLSchema) {
  let described = printed.get(schema);
  if (!described) {
    described = { sdl: printSchema(schema), introspection: introspectionFromSchema(schema) };
    printed.set(schema, described);
  }
  return described;
}

/** The admin queries of docs/api.md#admin-operations: what the console reads beyond the data. */
export function adminQueries(deps: AdminDependencies): GraphQLFieldConfigMap<unknown, RequestContext> {
  const { app, policy, store } = deps;
  return {
    adminTokens: {
      type: nonNullList(AdminTokenType),
      description: 'Admin only: the admin tokens, oldest first, with their last use. Never the tokens themselves.',
      resolve: async (_source, _args, context) => {
        await assertAdmin(context, 'read', 'adminTokens');
        return listAdminTokens(store);
      },
    },
    permissionMatrix: {
      type: nonNullList(TypeRulesType),
      description: "Admin only: every type's rules as the server compiled them (models, then links).",
      resolve: async (_source, _args, context) => {
        await assertAdmin(context, 'read', 'permissionMatrix');
        return permissionMatrix(app, policy);
      },
    },
    explainAccess: {
      type: new GraphQLNonNull(AccessExplanationType),
      description:
        'Admin only: each operation allowed or denied for a user (or anonymous, without `userId`) on a type or one object, with the rules that decided.',
      args: {
        userId: { type: GraphQLID, description: 'A User id; absent or null: an anonymous client.' },
        type: { type: new GraphQLNonNull(GraphQLString), description: 'A model, or a many-to-many relation.' },
        objectId: { type: GraphQLID, description: 'One object of `type`; absent: the type as a whole.' },
      },
      resolve: async (_source, args: { userId?: string | null; type: string; objectId?: string | null }, context) => {
        await assertAdmin(context, 'read', 'explainAccess');
        const type = app.models.get(args.type) ?? app.links.get(args.type);
        if (!type) throw userError('BAD_USER_INPUT', `there is no type named ${args.type}`);
        const userModel = app.models.get('User')!;
        let user;
        if (args.userId) {
          const [doc] = await store.findByIds(userModel.collection, [decodeGlobalId(args.userId, ['User']).id]);
          if (!doc) throw userError('NOT_FOUND', `no User with id ${args.userId}`);
          user = { id: doc._id, username: String(doc.username), doc };
        }
        let object;
        if (args.objectId) {
          [object] = await store.findByIds(type.collection, [decodeGlobalId(args.objectId, [type.name]).id]);
          if (!object) throw userError('NOT_FOUND', `no ${type.name} with id ${args.objectId}`);
        }
        const memberships = user ? await loadMemberships(app, store, user.id) : [];
        return {
          type: type.name,
          objectId: args.objectId ?? null,
          viewer: user ? `user ${user.username}` : 'an anonymous client',
          operations: await explainAccess({ app, policy, store, type, user, memberships, object }),
        };
      },
    },
    schemaSdl: {
      type: new GraphQLNonNull(GraphQLString),
      description: 'Admin only: the served API as SDL, as `npm run schema -- print` writes it.',
      resolve: async (_source, _args, context, info) => {
        await assertAdmin(context, 'read', 'schemaSdl');
        return describeSchema(info.schema).sdl;
      },
    },
    schemaIntrospection: {
      type: new GraphQLNonNull(JSONScalar),
      description:
        "Admin only: the served API's introspection (the `__schema` answer), also where INTROSPECTION is off.",
      resolve: async (_source, _args, context, info) => {
        await assertAdmin(context, 'read', 'schemaIntrospection');
        return describeSchema(info.schema).introspection.__schema;
      },
    },
    schemaCheck: {
      type: new GraphQLNonNull(SchemaCheckReportType),
      description:
        'Admin only: what starting with this schema.graphql would do to the stored data (`npm run schema -- check`).',
      args: { schema: { type: new GraphQLNonNull(GraphQLString), description: 'The text of a schema.graphql.' } },
      resolve: async (_source, args: { schema: string }, context) => {
        await assertAdmin(context, 'read', 'schemaCheck');
        return checkProposedSchema(store, args.schema);
      },
    },
  };
}
