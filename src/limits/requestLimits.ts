import type { ApolloServerOptionsWithSchema, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { Kind, type FragmentDefinitionNode } from 'graphql';
import type { Config } from '../config/loadConfig';
import { userError } from '../errors';
import { introspectionEnabled, introspectionOffRule } from './introspection';
import { queryCost } from './queryCost';
import { shapeLimitPlugin } from './shapeLimits';
import { assertVariablesDepth } from './variableDepth';

export type LimitOptions<TContext extends BaseContext> = Pick<ApolloServerOptionsWithSchema<TContext>, 'plugins' | 'validationRules' | 'parseOptions' | 'allowBatchedHttpRequests'>;

/**
 * Every request is bounded before it runs (SPEC §8): depth, aliases and directives by
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

function costLimitPlugin<TContext extends BaseContext>(maxCost: number): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, schema, request }) {
          if (!operation) return;
          assertVariablesDepth(request.variables ?? {});
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
          }
          const cost = queryCost(schema, operation, fragments, request.variables ?? {});
          if (cost > maxCost) {
            throw userError('BAD_USER_INPUT', `this query may cost ${cost}, above the limit of ${maxCost}; ask for smaller pages`,
              { cost, limit: maxCost, http: { status: 400 } });
          }
        },
      };
    },
  };
}
