import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';
import type { Config } from '../config/loadConfig';
import type { RequestContext } from '../resolvers/RequestContext';
import { applyCors, corsOrigins } from './cors';
import { graphiqlEnabled, sendGraphiQLAsset, sendGraphiQLPage, wantsGraphiQL } from './graphiql';
import { BodyTooLarge, readBody } from './readBody';
import { requestIdFrom, requestLogLine, type RequestLogNotes } from './requestLog';
import { FILES_PATH } from '../files/signedFileUrls';
import type { FileDownloads } from '../files/fileDownloads';
import { serveFile } from './serveFile';
import { capConnections, connectionOptions } from './connectionLimits';
import {
  hasPreflightHeader,
  isMultipart,
  MultipartProblem,
  PREFLIGHT_HEADERS,
  readMultipart,
  type MultipartRequest,
} from './readMultipart';

export interface HttpDependencies {
  config: Config;
  apollo: ApolloServer<RequestContext>;
  logger: Logger;
  /**
   * Builds the per-request context; throws a GraphQLError (UNAUTHENTICATED) for a bad token.
   * What it learns for the log line (operation, viewer, error codes) goes into `notes`.
   */
  contextFor(request: IncomingMessage, requestId: string, notes: RequestLogNotes): Promise<RequestContext>;
  /** Resolves when the store answers. */
  healthy(): Promise<void>;
  /** `GET /files/<id>` (docs/files.md). */
  files?: FileDownloads;
  /** The largest file any `@upload` field accepts: where the multipart parser stops reading a part. */
  maxUploadBytes?: number;
}

const GRAPHQL_PATH = '/graphql';

/**
 * The HTTP front: `/healthz`, and `/graphql` handed to Apollo's framework-neutral
 * `executeHTTPGraphQLRequest` after the body limit and JSON parsing (docs/limits.md).
 */
export function createHttpServer(deps: HttpDependencies): Server {
  const origins = corsOrigins(deps.config.CORS_ORIGINS, deps.config.NODE_ENV === 'production');
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
    handle(deps, request, response, requestId, notes)
      .catch((error: unknown) => {
        deps.logger.error({ err: error, requestId }, 'request failed');
        if (!response.headersSent)
          sendJson(response, 500, {
            errors: [{ message: 'internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
          });
        else response.end();
      })
      .finally(() => {
        const line = requestLogLine({
          requestId,
          method: request.method,
          path: request.url?.split('?')[0],
          status: response.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
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
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname === '/healthz') {
    try {
      await deps.healthy();
      sendJson(response, 200, { status: 'ok' });
    } catch {
      sendJson(response, 503, { status: 'unavailable' });
    }
    return;
  }
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
  if (url.pathname !== GRAPHQL_PATH) {
    sendJson(response, 404, {
      errors: [{ message: `not found; the API is at ${GRAPHQL_PATH}`, extensions: { code: 'NOT_FOUND' } }],
    });
    return;
  }
  if (request.method !== 'GET' && request.method !== 'POST') {
    response.setHeader('allow', 'GET, POST');
    sendJson(response, 405, { errors: [{ message: 'use GET or POST', extensions: { code: 'BAD_REQUEST' } }] });
    return;
  }

  let body: unknown;
  let multipart: MultipartRequest | undefined;
  if (request.method === 'POST' && isMultipart(request)) {
    multipart = await readUploadRequest(deps, request, response);
    if (!multipart) return;
    body = multipart.body;
  } else if (request.method === 'POST') {
    let text: string;
    try {
      text = await readBody(request, deps.config.MAX_BODY_BYTES);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      response.setHeader('connection', 'close');
      sendJson(response, 413, {
        errors: [
          {
            message: `the request body is larger than ${deps.config.MAX_BODY_BYTES} bytes`,
            extensions: { code: 'BAD_USER_INPUT', limit: deps.config.MAX_BODY_BYTES },
          },
        ],
      });
      return;
    }
    const contentType = request.headers['content-type'] ?? '';
    if (contentType.includes('json')) {
      try {
        body = JSON.parse(text);
      } catch {
        sendJson(response, 400, {
          errors: [{ message: 'the request body is not valid JSON', extensions: { code: 'BAD_USER_INPUT' } }],
        });
        return;
      }
    } else {
      body = text;
    }
  }

  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  let result: Awaited<ReturnType<typeof deps.apollo.executeHTTPGraphQLRequest>>;
  try {
    result = await deps.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method, headers, search: url.search, body },
      context: () => deps.contextFor(request, requestId, notes),
    });
  } finally {
    // The client expects its whole body to be read before the answer; parts nobody took are drained.
    await multipart?.finish();
  }
  // A body that broke off: the parts it cut short failed their fields; the connection goes with it.
  if (multipart?.broken()) response.setHeader('connection', 'close');
  for (const [name, value] of result.headers) response.setHeader(name, value);
  response.statusCode = result.status ?? 200;
  if (result.body.kind === 'complete') {
    response.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) response.write(chunk);
  response.end();
}

/** A GraphQL multipart request (docs/files.md), or an error sent and undefined. */
async function readUploadRequest(
  deps: HttpDependencies,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<MultipartRequest | undefined> {
  const refuse = (status: number, message: string) => {
    response.setHeader('connection', 'close');
    sendJson(response, status, {
      errors: [{ message, extensions: { code: status === 413 ? 'BAD_USER_INPUT' : 'BAD_REQUEST' } }],
    });
    request.resume();
  };
  if (!hasPreflightHeader(request)) {
    refuse(400, `a multipart request must carry one of the headers ${PREFLIGHT_HEADERS.join(', ')} (CSRF protection)`);
    return undefined;
  }
  try {
    return await readMultipart(request, {
      maxFieldBytes: deps.config.MAX_BODY_BYTES,
      maxFileBytes: deps.maxUploadBytes ?? 0,
    });
  } catch (error) {
    if (!(error instanceof MultipartProblem)) throw error;
    refuse(error.status, error.message);
    return undefined;
  }
}

function setSecurityHeaders(response: ServerResponse): void {
  response.setHeader('x-content-type-options', 'nosniff');
  response.setHeader('referrer-policy', 'no-referrer');
  response.setHeader('x-frame-options', 'DENY');
  response.setHeader('cross-origin-resource-policy', 'same-site');
}

function sendJson(response: ServerResponse, status: number, payload: unknown): void {
  response.statusCode = status;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.end(JSON.stringify(payload));
}
