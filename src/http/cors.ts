import type { IncomingMessage, ServerResponse } from 'node:http';

/** Response headers a browser page may read: the id to quote in a bug report, and the wait after throttling. */
export const EXPOSED_HEADERS = 'x-request-id, retry-after';

/** How long a browser may reuse a preflight answer. */
export const PREFLIGHT_MAX_AGE_SECONDS = 600;

/** What a preflight asked and how it was answered, for the log. */
export interface PreflightOutcome {
  origin: string | null;
  allowed: boolean;
  method: string | null;
  headers: string | null;
}

/**
 * Cross-origin access for browser apps (`CORS_ORIGINS`): a comma-separated list of origins, or
 * `*`. Unset: any origin in development, none in production. An allowed origin may send any
 * request header it asks for (Apollo Client's `apollographql-client-name`, tracing headers,
 * an app's own): nothing is decided by a header a script can set, and credentials (cookies)
 * are never allowed cross-origin, as tokens travel in the Authorization header. Returns the
 * outcome when the request was a preflight and has been answered, else null.
 */
export function applyCors(
  allowed: string[] | '*',
  request: IncomingMessage,
  response: ServerResponse,
): PreflightOutcome | null {
  const origin = request.headers.origin;
  response.setHeader('vary', 'Origin, Access-Control-Request-Headers');
  const permitted = origin !== undefined && (allowed === '*' || allowed.includes(origin));
  if (permitted) {
    response.setHeader('access-control-allow-origin', allowed === '*' ? '*' : origin);
    response.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
  }
  if (request.method !== 'OPTIONS') return null;
  const requestedHeaders = request.headers['access-control-request-headers'] ?? null;
  if (permitted) {
    response.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    if (requestedHeaders) response.setHeader('access-control-allow-headers', requestedHeaders);
    response.setHeader('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS));
  }
  response.statusCode = permitted ? 204 : 403;
  response.end();
  return {
    origin: origin ?? null,
    allowed: permitted,
    method: request.headers['access-control-request-method'] ?? null,
    headers: requestedHeaders,
  };
}

export function corsOrigins(setting: string | undefined, production: boolean): string[] | '*' {
  if (setting === undefined) return production ? [] : '*';
  if (setting.trim() === '*') return '*';
  return setting
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin.length > 0);
}
