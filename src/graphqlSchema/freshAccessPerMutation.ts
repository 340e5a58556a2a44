import type { GraphQLFieldConfigMap } from 'graphql';
import type { RequestContext } from '../resolvers/RequestContext';

/**
 * Root mutation fields run one after another (GraphQL §6.2.2 "Normal and Serial Execution").
 * A write can change what the viewer may do (leaving a shared object, a role): after each
 * successful one, the request's grants, memberships and loaders are recomputed, so its payload
 * and the next mutation are judged on the state it left (docs/permissions.md#what-each-operation-checks), not the request's start.
 */
export function withFreshAccessPerMutation(
  fields: GraphQLFieldConfigMap<unknown, RequestContext>,
): GraphQLFieldConfigMap<unknown, RequestContext> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, field]) => {
      const resolve = field.resolve;
      if (!resolve) return [name, field];
      return [
        name,
        {
          ...field,
          async resolve(source, args, context, info) {
            const result = await resolve(source, args, context, info);
            await context.refreshAccess?.(context);
            return result;
          },
        },
      ];
    }),
  );
}
