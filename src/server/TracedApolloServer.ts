import { ApolloServer, type BaseContext } from '@apollo/server';
import { withSpan } from '../telemetry/tracing';

/**
 * Apollo with each HTTP request in a span of its own, so that the store calls and password
 * hashes it makes are its children (`telemetry/operationSpan.ts` names it once the operation is
 * known). With tracing off, `withSpan` is the call itself.
 */
export class TracedApolloServer<Context extends BaseContext> extends ApolloServer<Context> {
  override executeHTTPGraphQLRequest(...args: Parameters<ApolloServer<Context>['executeHTTPGraphQLRequest']>) {
    return withSpan('GraphQL Operation', {}, () => super.executeHTTPGraphQLRequest(...args));
  }
}
