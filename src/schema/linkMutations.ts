import { GraphQLID, GraphQLNonNull, GraphQLObjectType, type GraphQLFieldConfigMap, type GraphQLInputFieldConfigMap } from 'graphql';
import { mutationWithClientMutationId } from 'graphql-relay';
import type { Relation } from '../app/AppModel';
import { USER_ROLES } from '../app/builtInSchema';
import { addLink, assertMayChangeLink, linkEnds, removeLink, type LinkChange } from '../resolvers/mutations/changeLink';
import type { RequestContext } from '../resolvers/RequestContext';
import { AccessLevelEnum } from './filterInputs';
import type { ModelTypes } from './modelTypes';

type ManyToMany = Extract<Relation, { kind: 'manyToMany' }>;

/**
 * `addTo<Relation>Connection` and `removeFrom<Relation>Connection` (SPEC §3), with inputs
 * `<a>Id`/`<b>Id` named after the two types, and a payload `changed<Relation>` showing both
 * ends (each only if the viewer may see it) and the link's own data.
 */
export function linkMutations(relation: ManyToMany, typesOf: (model: string) => ModelTypes): GraphQLFieldConfigMap<unknown, RequestContext> {
  const [a, b] = relation.linkKeys;
  const carriesAccessLevel = relation.name === USER_ROLES;
  const linkType = new GraphQLObjectType<LinkChange, RequestContext>({
    name: relation.name,
    description: `One ${relation.name} link between a ${relation.ends[0].model} and a ${relation.ends[1].model}.`,
    fields: {
      [a]: { type: typesOf(relation.ends[0].model).object, resolve: (change, _args, context) => visibleEnd(context, relation, change, 0) },
      [b]: { type: typesOf(relation.ends[1].model).object, resolve: (change, _args, context) => visibleEnd(context, relation, change, 1) },
      ...(carriesAccessLevel ? { accessLevel: { type: AccessLevelEnum, resolve: (change: LinkChange) => change.edge.accessLevel } } : {}),
    },
  });
  const endInputs: GraphQLInputFieldConfigMap = {
    [`${a}Id`]: { type: new GraphQLNonNull(GraphQLID) },
    [`${b}Id`]: { type: new GraphQLNonNull(GraphQLID) },
  };
  const changed = `changed${relation.name}`;
  return {
    [`addTo${relation.name}Connection`]: mutationWithClientMutationId({
      name: `AddTo${relation.name}Connection`,
      inputFields: carriesAccessLevel ? { ...endInputs, accessLevel: { type: new GraphQLNonNull(AccessLevelEnum) } } : endInputs,
      outputFields: { [changed]: { type: linkType } },
      mutateAndGetPayload: async (input, context: RequestContext) => {
        const ends = await linkEnds(context, relation, input);
        await assertMayChangeLink(context, relation, ends);
        return { [changed]: await addLink(context, relation, ends, carriesAccessLevel ? { accessLevel: input.accessLevel } : {}) };
      },
    }),
    [`removeFrom${relation.name}Connection`]: mutationWithClientMutationId({
      name: `RemoveFrom${relation.name}Connection`,
      inputFields: endInputs,
      outputFields: { [changed]: { type: linkType } },
      mutateAndGetPayload: async (input, context: RequestContext) => {
        const ends = await linkEnds(context, relation, input);
        await assertMayChangeLink(context, relation, ends);
        return { [changed]: await removeLink(context, relation, ends) };
      },
    }),
  };
}

function visibleEnd(context: RequestContext, relation: ManyToMany, change: LinkChange, index: 0 | 1) {
  const model = context.app.models.get(relation.ends[index].model)!;
  return context.loaders.visibleById(model).load(change.ends[index]._id);
}
