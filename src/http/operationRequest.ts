import type { OperationRequest } from '../limits/admitOperation';

/**
 * The operation a `GET /graphql?query=…&variables=…` carries (GraphQL over HTTP), or the
 * name of the parameter that is not JSON.
 */
export function operationFromSearch(params: URLSearchParams): OperationRequest | { notJson: string } {
  const request: OperationRequest = {
    query: params.get('query') ?? undefined,
    operationName: params.get('operationName') ?? undefined,
  };
  for (const name of ['variables', 'extensions'] as const) {
    const text = params.get(name);
    if (text === null || text === '') continue;
    try {
      request[name] = JSON.parse(text);
    } catch {
      return { notJson: name };
    }
  }
  return request;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * A POST body with the admitted query text in place of a persisted query's hash, and
 * `extensions` without `persistedQuery` (Apollo's own persisted queries are off).
 */
export function withQuery(body: OperationRequest, query: string): OperationRequest {
  const { extensions, ...rest } = body;
  const kept = extensionsWithoutPersistedQuery(extensions);
  return kept ? { ...rest, query, extensions: kept } : { ...rest, query };
}

/** `extensions` without `persistedQuery`, or undefined when nothing is left. */
function extensionsWithoutPersistedQuery(extensions: unknown): Record<string, unknown> | undefined {
  if (typeof extensions !== 'object' || extensions === null) return undefined;
  const { persistedQuery: _resolved, ...rest } = extensions as Record<string, unknown>;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

/** The URL parameters of a GET request with the admitted query text in place of a persisted query's hash. */
export function searchWithQuery(params: URLSearchParams, query: string, extensions: unknown): string {
  const next = new URLSearchParams(params);
  next.set('query', query);
  const rest = extensionsWithoutPersistedQuery(extensions);
  if (rest) next.set('extensions', JSON.stringify(rest));
  else next.delete('extensions');
  return `?${next.toString()}`;
}
