import type { ApolloServerPlugin } from '@apollo/server';
import { SpanStatusCode } from '@opentelemetry/api';
import { currentSpan } from './tracing';

/**
 * Names the operation's span once Apollo knows the operation (OpenTelemetry's GraphQL
 * conventions: `query PostsPage`, `graphql.operation.name`, `graphql.operation.type`) and adds
 * who asked as a kind (`graphkeep.viewer.kind`: anonymous, user, adminToken) and the error codes.
 * Never the document, variables or ids: they may hold passwords and personal data.
 */
export function operationSpanPlugin<Context extends { viewer: { kind: string } }>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const span = currentSpan();
      if (!span) return;
      return {
        async willSendResponse({ operation, operationName, contextValue, response }) {
          const type = operation?.operation ?? 'unknown';
          span.updateName(operationName ? `${type} ${operationName}` : `${type}`);
          span.setAttributes({
            'graphql.operation.type': type,
            ...(operationName ? { 'graphql.operation.name': operationName } : {}),
            'graphkeep.viewer.kind': contextValue.viewer.kind,
          });
          const errors = response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : [];
          if (errors.length === 0) return;
          const codes = [...new Set(errors.map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
          span.setAttribute('graphkeep.error.codes', codes);
          if (codes.includes('INTERNAL_SERVER_ERROR')) span.setStatus({ code: SpanStatusCode.ERROR });
        },
      };
    },
  };
}
