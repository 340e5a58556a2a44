import type { ApolloServerOptionsWithSchema, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import type { Config } from '../config/loadConfig';
import { userError } from '../errors';
import { introspectionEnabled, introspectionOffRule } from './introspection';
import { queryCost } from './queryCost';
import { shapeLimitPlugin } from './shapeLimits';
import { assertVariablesDepth } from './variableDepth';

export type LimitOptions<TContext extends BaseContext> = Pick<
  ApolloServerOptionsWithSchema<TContext>,
  'plugins' | 'validationRules' | 'parseOptions' | 'allowBatchedHttpRequests'
>;

/**
 * Every request is bounded before it runs (docs/limits.md): depth, aliases and directives by
 * graphql-armor's rules (`shapeLimitPlugin`); tokens by graphql-js's own parser limit (armor's token
 * plugin turns syntax errors into HTTP 500); cost by `queryCost`, once the variables are
 * known, so `first: $n` counts as what `$n` is; variables' nesting (`MAX_VARIABLE_DEPTH`) before
 * graphql-js coerces them. Array batches are refused.
 */
export function requestLimits<TContext extends BaseContext>(config: Config): LimitOptions<TContext> {
  const armor = new ApolloArmor({
    // Depth, aliases and directives: shapeLimitPlugin, so they answer BAD_USER_INPUT with the limit.
    maxDepth: { enabled: false },
    maxAliases: { enabled: false },
    maxDirectives: { enabled: false },
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: config.NODE_ENV === 'production' },
  }).protect();
  return {
    plugins: [...armor.plugins, shapeLimitPlugin<TContext>(config), costLimitPlugin<TContext>(config.MAX_COST)],
    validationRules: [...armor.validationRules, ...(introspectionEnabled(config) ? [] : [introspectionOffRule])],
    parseOptions: { maxTokens: config.MAX_TOKENS },
    allowBatchedHttpRequests: false,
  };
}

/** Costs remembered per parsed operation, for variables written in at most this many characters. */
const REMEMBERED_VARIABLES_LENGTH = 256;
/** How many sets of variables one operation remembers costs for, before it starts over. */
const REMEMBERED_COSTS_PER_OPERATION = 16;

function costLimitPlugin<TContext extends BaseContext>(maxCost: number): ApolloServerPlugin<TContext> {
  // Apollo hands every request of a cached query the same parsed operation, and its cost
  // depends on that and the variables only: a client repeating a request is priced once.
  const remembered = new WeakMap<OperationDefinitionNode, Map<string, number>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, schema, request }) {
          if (!operation) return;
          const variables = request.variables ?? {};
          assertVariablesDepth(variables);
          const key = JSON.stringify(variables);
          let costs = remembered.get(operation);
          let cost = costs?.get(key);
          if (cost === undefined) {
            cost = queryCost(schema, operation, fragmentsOf(document), variables);
            if (key.length <= REMEMBERED_VARIABLES_LENGTH) {
              if (!costs || costs.size >= REMEMBERED_COSTS_PER_OPERATION)
                remembered.set(operation, (costs = new Map()));
              costs.set(key, cost);
            }
          }
          if (cost > maxCost) {
            throw userError(
              'BAD_USER_INPUT',
              `this query may cost ${cost}, above the limit of ${maxCost}; ask for smaller pages`,
              { cost, limit: maxCost, http: { status: 400 } },
            );
          }
        },
      };
    },
  };
}

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  return fragments;
}
