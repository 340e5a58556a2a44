import { GraphQLObjectType } from 'graphql';
import type { ManyToMany } from '../appModel/AppModel';
import { USER_ROLES } from '../appModel/builtInSchema';
import type { LinkChange } from '../resolvers/mutations/changeLink';
import { resolveEdgeField } from '../resolvers/edgeFields';
import type { RequestContext } from '../resolvers/RequestContext';
import { AccessLevelEnum } from './enums';
import type { ModelTypes } from './modelTypes';

/**
 * The payload type of a link mutation, named after the relation (`UserRoles { user role
 * accessLevel }`): both ends, each only if the viewer may see it, and the link's own data.
 */
export function linkType(
  relation: ManyToMany,
  typesOf: (model: string) => ModelTypes,
): GraphQLObjectType<LinkChange, RequestContext> {
  const [a, b] = relation.linkKeys;
  const end = (index: 0 | 1) => ({
    type: typesOf(relation.ends[index].model).object,
    resolve: (change: LinkChange, _args: unknown, context: RequestContext) =>
      context.loaders.visibleById(context.app.models.get(relation.ends[index].model)!).load(change.ends[index]._id),
  });
  return new GraphQLObjectType<LinkChange, RequestContext>({
    name: relation.name,
    description: `One ${relation.name} link between a ${relation.ends[0].model} and a ${relation.ends[1].model}.`,
    fields: {
      [a]: end(0),
      [b]: end(1),
      ...(relation.name === USER_ROLES
        ? {
            accessLevel: {
              type: AccessLevelEnum,
              // The link as the mutation left it (or, for a removal, as it was), judged as any edge.
              resolve: (change: LinkChange, _args: unknown, context: RequestContext) =>
                resolveEdgeField(
                  context,
                  {
                    model: context.app.links.get(relation.name)!,
                    doc: { _id: '', [a]: change.ends[0]._id, [b]: change.ends[1]._id, ...change.edge },
                  },
                  'accessLevel',
                ),
            },
          }
        : {}),
    },
  });
}
