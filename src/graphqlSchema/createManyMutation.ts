import {
  GraphQLList,
  GraphQLNonNull,
  responsePathAsArray,
  type GraphQLFieldConfig,
  type GraphQLFieldConfigMap,
  type GraphQLInputObjectType,
} from 'graphql';
import { mutationWithClientMutationId } from 'graphql-relay';
import type { Model } from '../appModel/AppModel';
import { createObject } from '../resolvers/mutations/createObject';
import { assertBatchSize, createEach, MAX_CREATE_MANY_ITEMS, type ItemPath } from '../resolvers/mutations/createEach';
import type { RequestContext } from '../resolvers/RequestContext';
import type { StoredDoc } from '../store/Store';
import { createdForPayload } from '../resolvers/mutations/payloads';
import type { ModelTypes } from './modelTypes';

/** Creates a batch's items, all or nothing, pointing each item's error at `path(index)`. */
export type CreateAll = (
  context: RequestContext,
  items: Record<string, unknown>[],
  path: ItemPath,
) => Promise<StoredDoc[]>;

/**
 * The `input` type of a Relay mutation built by `mutationWithClientMutationId`, so a batch
 * takes exactly the items its single create takes (`[CreatePostInput!]!`), not a copy.
 */
export function inputTypeOf(mutation: GraphQLFieldConfig<unknown, RequestContext> | undefined): GraphQLInputObjectType {
  const type = mutation?.args?.input?.type;
  if (!(type instanceof GraphQLNonNull))
    throw new Error('inputTypeOf needs a Relay mutation with a non-null `input` argument');
  return type.ofType as GraphQLInputObjectType;
}

/**
 * `createMany<Types>(input: { items, clientMutationId })` → `{ changed<Types>, clientMutationId }`
 * (docs/api.md). The payload lists the created objects in item order, as the caller may see them.
 */
export function createManyMutation(
  model: Model,
  types: ModelTypes,
  itemInput: GraphQLInputObjectType,
  limit: number,
  createAll: CreateAll,
): GraphQLFieldConfigMap<unknown, RequestContext> {
  const name = `createMany${model.plural}`;
  const changed = `changed${model.plural}`;
  return {
    [name]: mutationWithClientMutationId({
      name: `CreateMany${model.plural}`,
      description:
        `Creates up to ${limit} ${model.plural} in one transaction, each judged as its own create: all or nothing. ` +
        `An item's error has \`extensions.index\` and the path [${name}, ${changed}, index].`,
      inputFields: { items: { type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(itemInput))) } },
      outputFields: { [changed]: { type: new GraphQLList(types.object) } },
      mutateAndGetPayload: async (input, context: RequestContext, info) => {
        const items = input.items as Record<string, unknown>[];
        assertBatchSize(items, limit, name);
        const base = [...responsePathAsArray(info.path), changed];
        const created = await createAll(context, items, (index) => [...base, index]);
        // An item the caller may not read is an error in its place, reported at [name, changed, index].
        return { [changed]: await Promise.all(created.map((doc) => createdForPayload(context, model, doc))) };
      },
    }),
  };
}

/**
 * `createMany<Types>` for an app model, over the same `createObject` as `create<Type>`.
 * Built-in models get theirs elsewhere: `createManyUsers` is a batch of sign-ups (auth), and
 * roles have none, since creating a role also makes its creator the role's admin (docs/api.md#roles).
 */
export function createManyObjects(
  model: Model,
  types: ModelTypes,
  mutations: GraphQLFieldConfigMap<unknown, RequestContext>,
): GraphQLFieldConfigMap<unknown, RequestContext> {
  if (model.builtIn) return {};
  return createManyMutation(
    model,
    types,
    inputTypeOf(mutations[`create${model.name}`]),
    MAX_CREATE_MANY_ITEMS,
    (context, items, path) =>
      createEach(context, items, path, (item, tx) => createObject(context, model, item, { store: tx })),
  );
}
