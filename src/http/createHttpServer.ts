import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { asPasswordClient } from '../auth/passwords';
import { clientAddressFrom } from './clientAddress';
import { applyCors, corsOrigins } from './cors';
import { graphiqlEnabled, sendGraphiQLAsset, sendGraphiQLPage, wantsGraphiQL } from './graphiql';
import { requestIdFrom, requestLogLine, type RequestLogNotes } from './requestLog';
import { FILES_PATH } from '../files/signedFileUrls';
import type { FileDownloads } from '../files/fileDownloads';
import { serveFile } from './serveFile';
import { isConsolePath, serveConsole } from '../console/serveConsole';
import { METRICS_PATH, serveMetrics, type MetricsEndpoint } from './serveMetrics';
import { capConnections, connectionOptions } from './connectionLimits';
import { serveGraphQL, type GraphQLDependencies } from './serveGraphQL';
import { sendError, sendJson } from './sendJson';

export interface HttpDependencies extends GraphQLDependencies {
  /** Resolves when the store answers. */
  healthy(): Promise<void>;
  /** `GET /files/<id>` (docs/files.md). */
  files?: FileDownloads;
  /** `GET /metrics`, when metrics are on (docs/production.md). */
  metrics?: MetricsEndpoint;
  /** Told of every finished request to `/graphql`, with what its log line says. */
  onGraphQLRequestEnd?(finished: { status: number; seconds: number; notes: RequestLogNotes }): void;
}

const GRAPHQL_PATH = '/graphql';

/**
 * The HTTP front: `/healthz`, `GET /files/<id>`, GraphiQL, and `/graphql` (`serveGraphQL`),
 * on connections bounded by `connectionLimits` (docs/limits.md).
 */
export function createHttpServer(deps: HttpDependencies): Server {
  const origins = corsOrigins(deps.config.CORS_ORIGINS, deps.config.NODE_ENV === 'production');
  const clientAddressOf = clientAddressFrom(deps.config.TRUST_PROXY);
  const server = createServer(connectionOptions(deps.config), (request, response) => {
    const requestId = requestIdFrom(request.headers['x-request-id']);
    const started = process.hrtime.bigint();
    const notes: RequestLogNotes = {};
    response.setHeader('x-request-id', requestId);
    setSecurityHeaders(response);
    const preflight = applyCors(origins, request, response);
    if (preflight) {
      // A refused preflight is what an operator sees as "the browser says CORS": say which origin.
      deps.logger[preflight.allowed ? 'info' : 'warn'](
        { requestId, ...preflight, status: response.statusCode },
        'preflight',
      );
      return;
    }
    // Password work anywhere in the request queues in its client's line (docs/limits.md).
    asPasswordClient(clientAddressOf(request), () => handle(deps, request, response, requestId, notes))
      .catch((error: unknown) => {
        deps.logger.error({ err: error, requestId }, 'request failed');
        if (!response.headersSent)
          sendJson(response, 500, {
            errors: [{ message: 'internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
          });
        else response.end();
      })
      .finally(() => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        // GraphiQL's page is a GET to the same path, and no operation: only what Apollo saw counts.
        if (
          request.url?.split('?')[0] === GRAPHQL_PATH &&
          (request.method === 'POST' || notes.viewer || notes.errorCodes)
        )
          deps.onGraphQLRequestEnd?.({ status: response.statusCode, seconds, notes });
        const line = requestLogLine({
          requestId,
          clientAddress: clientAddressOf(request),
          method: request.method,
          path: request.url?.split('?')[0],
          status: response.statusCode,
          ms: seconds * 1e3,
          notes,
        });
        deps.logger[response.statusCode >= 500 ? 'error' : 'info'](line, 'request');
      });
  });
  capConnections(server, deps.config);
  return server;
}

async function handle(
  deps: HttpDependencies,
  request: IncomingMessage,
  response: ServerResponse,
  requestId: string,
  notes: RequestLogNotes,
): Promise<void> {
  const url = URL.canParse(request.url ?? '/', 'http://localhost')
    ? new URL(request.url ?? '/', 'http://localhost')
    : undefined;
  if (!url) return sendError(response, 400, 'BAD_REQUEST', 'the request target is not a URL');
  if (url.pathname === '/healthz') {
    try {
      await deps.healthy();
      sendJson(response, 200, { status: 'ok' });
    } catch {
      sendJson(response, 503, { status: 'unavailable' });
    }
    return;
  }
  if (deps.metrics && url.pathname === METRICS_PATH) return serveMetrics(deps.metrics, request, response);
  if (deps.files && url.pathname.startsWith(FILES_PATH)) {
    await serveFile(deps.files, request, response, url, url.pathname.slice(FILES_PATH.length), () =>
      deps.contextFor(request, requestId, notes),
    );
    return;
  }
  if (graphiqlEnabled(deps.config) && request.method === 'GET') {
    if (url.pathname === GRAPHQL_PATH && wantsGraphiQL(request)) return sendGraphiQLPage(response);
    if (sendGraphiQLAsset(url.pathname, response)) return;
  }
  if (deps.config.CONSOLE === 'true' && isConsolePath(url.pathname))
    return serveConsole(request, response, url.pathname);
  if (url.pathname !== GRAPHQL_PATH)
    return sendError(response, 404, 'NOT_FOUND', `not found; the API is at ${GRAPHQL_PATH}`);
  await serveGraphQL(deps, request, response, url, requestId, notes);
}

function setSecurityHeaders(response: ServerResponse): void {
  response.setHeader('x-content-type-options', 'nosniff');
  response.setHeader('referrer-policy', 'no-referrer');
  response.setHeader('x-frame-options', 'DENY');
  response.setHeader('cross-origin-resource-policy', 'same-site');
}
