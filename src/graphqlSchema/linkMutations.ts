import {
  GraphQLID,
  GraphQLNonNull,
  type GraphQLFieldConfigMap,
  type GraphQLInputFieldConfigMap,
  type GraphQLObjectType,
} from 'graphql';
import { mutationWithClientMutationId } from 'graphql-relay';
import type { ManyToMany } from '../appModel/AppModel';
import { addLink, assertMayChangeLink, linkEnds, removeLink } from '../resolvers/mutations/changeLink';
import type { RequestContext } from '../resolvers/RequestContext';

/** `<a>Id` and `<b>Id`, named after the two types in lowerCamelCase (docs/api.md). */
export function linkEndInputs(relation: ManyToMany): GraphQLInputFieldConfigMap {
  const [a, b] = relation.linkKeys;
  return { [`${a}Id`]: { type: new GraphQLNonNull(GraphQLID) }, [`${b}Id`]: { type: new GraphQLNonNull(GraphQLID) } };
}

/**
 * `addTo<Relation>Connection` and `removeFrom<Relation>Connection` (docs/api.md) for app
 * relations, judged by the rules of the two ends (docs/permissions.md#what-each-operation-checks).
 */
export function linkMutations(
  relation: ManyToMany,
  payloadType: GraphQLObjectType,
): GraphQLFieldConfigMap<unknown, RequestContext> {
  const changed = `changed${relation.name}`;
  return {
    [`addTo${relation.name}Connection`]: mutationWithClientMutationId({
      name: `AddTo${relation.name}Connection`,
      inputFields: linkEndInputs(relation),
      outputFields: { [changed]: { type: payloadType } },
      mutateAndGetPayload: async (input, context: RequestContext) => {
        const ends = await linkEnds(context, relation, input);
        await assertMayChangeLink(context, relation, ends);
        return { [changed]: await addLink(context, relation, ends) };
      },
    }),
    [`removeFrom${relation.name}Connection`]: mutationWithClientMutationId({
      name: `RemoveFrom${relation.name}Connection`,
      inputFields: linkEndInputs(relation),
      outputFields: { [changed]: { type: payloadType } },
      mutateAndGetPayload: async (input, context: RequestContext) => {
        const ends = await linkEnds(context, relation, input);
        await assertMayChangeLink(context, relation, ends);
        return { [changed]: await removeLink(context, relation, ends) };
      },
    }),
  };
}
