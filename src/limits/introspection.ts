import { GraphQLError, type ValidationRule } from 'graphql';
import type { Config } from '../config/loadConfig';

/** Introspection is on in development, off in production unless `INTROSPECTION=true`. */
export function introspectionEnabled(config: Pick<Config, 'INTROSPECTION' | 'NODE_ENV'>): boolean {
  return config.INTROSPECTION ? config.INTROSPECTION === 'true' : config.NODE_ENV !== 'production';
}

/**
 * Refuses `__schema` and `__type` (not `__typename`, which clients need), as graphql-js's
 * NoSchemaIntrospectionCustomRule does, but with a message that names our setting and the way
 * to get the schema anyway: Apollo's own names an option of its constructor.
 */
export const introspectionOffRule: ValidationRule = (context) => ({
  Field(node) {
    // Only the entry points: everything else of introspection is reached through them.
    if (node.name.value === '__schema' || node.name.value === '__type') {
      context.reportError(
        new GraphQLError(
          `introspection is off on this server (${node.name.value}); set INTROSPECTION=true to allow it, or get the schema with "npm run schema -- print"`,
          { nodes: node, extensions: { setting: 'INTROSPECTION' } },
        ),
      );
    }
  },
});
