import type { ApolloServerOptionsWithSchema, BaseContext } from '@apollo/server';
import type { Config } from '../config/loadConfig';
import { introspectionEnabled, introspectionOffRule } from './introspection';

export type LimitOptions<TContext extends BaseContext> = Pick<
  ApolloServerOptionsWithSchema<TContext>,
  'validationRules' | 'parseOptions' | 'allowBatchedHttpRequests' | 'persistedQueries'
>;

/**
 * What Apollo keeps of the limits (docs/limits.md) once every operation has been admitted by
 * `createAdmissions` before Apollo sees it: array batches are refused; persisted queries are
 * the admissions' (so both transports share them); and, should Apollo ever parse an admitted
 * text again (its document left the admissions' cache in between), the token limit and the
 * introspection rule apply as they did there.
 */
export function requestLimits<TContext extends BaseContext>(config: Config): LimitOptions<TContext> {
  return {
    validationRules: introspectionEnabled(config) ? [] : [introspectionOffRule],
    parseOptions: { maxTokens: config.MAX_TOKENS },
    allowBatchedHttpRequests: false,
    persistedQueries: false,
  };
}
