import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Config } from '../config/loadConfig';
import { userError } from '../errors';

type ShapeLimit = 'MAX_DEPTH' | 'MAX_ALIASES' | 'MAX_DIRECTIVES';

const WHAT: Record<ShapeLimit, (found: string, limit: number) => string> = {
  MAX_DEPTH: (found, limit) =>
    `this query's depth is ${found}, above the limit of ${limit} (a Relay hop "edges { node }" counts two)`,
  MAX_ALIASES: (found, limit) => `this query uses ${found} aliases, above the limit of ${limit}`,
  MAX_DIRECTIVES: (found, limit) => `this query uses ${found} directives, above the limit of ${limit}`,
};

/**
 * Depth, aliases and directives (docs/limits.md), counted by graphql-armor's rules but answered like
 * the cost limit: `BAD_USER_INPUT` with `extensions.limit` and the setting that raises it (armor's
 * own answer is a "Syntax Error"). The refusal, or undefined.
 */
export function shapeLimitRefusal(
  config: Pick<Config, 'MAX_DEPTH' | 'MAX_ALIASES' | 'MAX_DIRECTIVES'>,
): (schema: GraphQLSchema, document: DocumentNode) => GraphQLError | undefined {
  const report = (setting: ShapeLimit, limit: number) => [
    (context: { reportError(error: GraphQLError): void } | null, error: GraphQLError) => {
      const found = /found (\d+)/.exec(error.message)?.[1] ?? 'more';
      context?.reportError(new GraphQLError(WHAT[setting](found, limit), { extensions: { limit, setting } }));
    },
  ];
  const rules = new ApolloArmor({
    maxDepth: {
      n: config.MAX_DEPTH,
      ignoreIntrospection: true,
      flattenFragments: true,
      exposeLimits: true,
      propagateOnRejection: false,
      onReject: report('MAX_DEPTH', config.MAX_DEPTH),
    },
    maxAliases: {
      n: config.MAX_ALIASES,
      exposeLimits: true,
      propagateOnRejection: false,
      onReject: report('MAX_ALIASES', config.MAX_ALIASES),
    },
    maxDirectives: {
      n: config.MAX_DIRECTIVES,
      exposeLimits: true,
      propagateOnRejection: false,
      onReject: report('MAX_DIRECTIVES', config.MAX_DIRECTIVES),
    },
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect().validationRules;
  // Apollo hands every request of a cached query the same parsed document, and the shape of a
  // document never changes: a document that passed once passes again without a walk.
  const passed = new WeakMap<GraphQLSchema, WeakSet<DocumentNode>>();
  return (schema, document) => {
    let passedHere = passed.get(schema);
    if (passedHere?.has(document)) return undefined;
    const [refused] = validate(schema, document, rules);
    if (refused) return userError('BAD_USER_INPUT', refused.message, { ...refused.extensions, http: { status: 400 } });
    if (!passedHere) passed.set(schema, (passedHere = new WeakSet()));
    passedHere.add(document);
    return undefined;
  };
}
