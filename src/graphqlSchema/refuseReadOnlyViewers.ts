import type { GraphQLFieldConfigMap } from 'graphql';
import { userError } from '../errors';
import type { RequestContext } from '../resolvers/RequestContext';

/**
 * Root mutation and subscription fields refuse a read-only viewer (a view-as token,
 * docs/console.md#view-as), over HTTP and WebSocket alike. Every write enters through a root
 * mutation field, so wrapping them all makes such a token read-only whatever the rules grant.
 */
export function refuseReadOnlyViewers(
  fields: GraphQLFieldConfigMap<unknown, RequestContext>,
  kind: 'mutation' | 'subscription',
): GraphQLFieldConfigMap<unknown, RequestContext> {
  const refused = () => userError('FORBIDDEN', `a view-as token is read-only: ${kind}s are refused`);
  return Object.fromEntries(
    Object.entries(fields).map(([name, field]) => {
      const run = kind === 'mutation' ? field.resolve : field.subscribe;
      if (!run) return [name, field];
      return [
        name,
        {
          ...field,
          [kind === 'mutation' ? 'resolve' : 'subscribe']: ((source, args, context, info) => {
            if (context.viewer.kind !== 'adminToken' && context.viewer.readOnly) throw refused();
            return run(source, args, context, info);
          }) satisfies typeof run,
        },
      ];
    }),
  );
}
