import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';
import type { Config } from '../config/loadConfig';
import type { Admission, OperationRequest } from '../limits/admitOperation';
import type { RequestContext } from '../resolvers/RequestContext';
import { graphQLResponseType } from './graphQLResponseType';
import { formatOperationErrors, type FormatError } from './operationErrors';
import { isObject, operationFromSearch, searchWithQuery, withQuery } from './operationRequest';
import { BodyTooLarge, CLIENT_CLOSED_REQUEST, ClientClosedRequest, readBody } from './readBody';
import {
  hasPreflightHeader,
  isMultipart,
  MultipartProblem,
  PREFLIGHT_HEADERS,
  readMultipart,
  type MultipartRequest,
} from './readMultipart';
import type { RequestLogNotes } from './requestLog';
import { sendError } from './sendJson';

export interface GraphQLDependencies {
  config: Config;
  apollo: ApolloServer<RequestContext>;
  logger: Logger;
  /** The one door of every operation, shared with WebSocket: parse, validate, limits, variables. */
  admit(request: OperationRequest): Admission;
  /** How errors are shown (masked in production), for refusals as for Apollo's answers. */
  formatError: FormatError;
  /**
   * Builds the per-request context; throws a GraphQLError (UNAUTHENTICATED) for a bad token.
   * What it learns for the log line (operation, viewer, error codes) goes into `notes`.
   */
  contextFor(request: IncomingMessage, requestId: string, notes: RequestLogNotes): Promise<RequestContext>;
  /** The largest file any `@upload` field accepts: where the multipart parser stops reading a part. */
  maxUploadBytes?: number;
}

/**
 * `/graphql` over HTTP: the answer's type is negotiated, the body read (JSON within
 * `MAX_BODY_BYTES`, or a multipart upload) and the operation admitted before anything runs;
 * only then does Apollo's framework-neutral `executeHTTPGraphQLRequest` execute it. So a
 * request refused for any reason (406, 413, a limit, a bad variable) has written nothing.
 */
export async function serveGraphQL(
  deps: GraphQLDependencies,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  requestId: string,
  notes: RequestLogNotes,
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'POST') {
    response.setHeader('allow', 'GET, POST');
    return sendError(response, 405, 'BAD_REQUEST', 'use GET or POST');
  }
  const answerType = graphQLResponseType(request.headers.accept);
  if (answerType === null) {
    notes.errorCodes = ['BAD_REQUEST'];
    return sendError(
      response,
      406,
      'BAD_REQUEST',
      'the Accept header allows neither application/json nor application/graphql-response+json, the types a GraphQL answer is sent as',
    );
  }

  let body: unknown;
  let multipart: MultipartRequest | undefined;
  if (request.method === 'POST' && isMultipart(request)) {
    multipart = await readUploadRequest(deps, request, response);
    if (!multipart) return;
    body = multipart.body;
  } else if (request.method === 'POST') {
    const read = await readJsonBody(deps.config, request, response);
    if (!read) return;
    body = read.body;
  }

  let search = url.search;
  let operation: OperationRequest | { notJson: string } | undefined =
    request.method === 'GET' ? operationFromSearch(url.searchParams) : undefined;
  if (operation && 'notJson' in operation)
    return sendError(response, 400, 'BAD_REQUEST', `the URL parameter ${operation.notJson} is not JSON`);
  operation ??= isObject(body) && !Array.isArray(body) ? body : undefined;
  // Anything else (an array batch, a body that is not JSON) is refused by Apollo before it parses a thing.
  if (operation) {
    const admission = deps.admit(operation);
    if (typeof operation.operationName === 'string') notes.operationName = operation.operationName;
    if (!admission.admitted) {
      await multipart?.finish();
      return sendRefusal(deps, response, admission, answerType, notes, requestId);
    }
    // A persisted query's hash becomes its text: Apollo runs exactly what was admitted.
    if (isObject(operation.extensions) && operation.extensions.persistedQuery !== undefined) {
      if (request.method === 'GET') search = searchWithQuery(url.searchParams, admission.query, operation.extensions);
      else body = withQuery(operation, admission.query);
    }
  }

  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  let result: Awaited<ReturnType<typeof deps.apollo.executeHTTPGraphQLRequest>>;
  try {
    result = await deps.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: request.method, headers, search, body },
      context: () => deps.contextFor(request, requestId, notes),
    });
  } finally {
    // The client expects its whole body to be read before the answer; parts nobody took are drained.
    await multipart?.finish();
  }
  if (multipart?.clientGone()) {
    response.statusCode = CLIENT_CLOSED_REQUEST;
    return;
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

function sendRefusal(
  deps: GraphQLDependencies,
  response: ServerResponse,
  refusal: Extract<Admission, { admitted: false }>,
  answerType: string,
  notes: RequestLogNotes,
  requestId: string,
): void {
  const errors = formatOperationErrors(refusal.errors, deps.formatError, (error) =>
    deps.logger.error({ err: error, requestId }, 'unexpected error'),
  );
  notes.errorCodes = [...new Set(errors.map((error) => String(error.extensions?.code)))];
  response.statusCode = refusal.status;
  response.setHeader('content-type', answerType);
  response.setHeader('cache-control', 'no-store');
  response.end(JSON.stringify({ errors }));
}

/** The JSON body (or the text of one that is not JSON, for Apollo to refuse), or an error sent and undefined. */
async function readJsonBody(
  config: Config,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<{ body: unknown } | undefined> {
  let text: string;
  try {
    text = await readBody(request, config.MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof ClientClosedRequest) {
      response.statusCode = CLIENT_CLOSED_REQUEST;
      return undefined;
    }
    if (!(error instanceof BodyTooLarge)) throw error;
    response.setHeader('connection', 'close');
    sendError(
      response,
      413,
      'BAD_USER_INPUT',
      `the request body is larger than ${config.MAX_BODY_BYTES} bytes (MAX_BODY_BYTES)`,
      {
        limit: config.MAX_BODY_BYTES,
        setting: 'MAX_BODY_BYTES',
      },
    );
    return undefined;
  }
  if (!(request.headers['content-type'] ?? '').includes('json')) return { body: text };
  try {
    return { body: JSON.parse(text) };
  } catch {
    sendError(response, 400, 'BAD_USER_INPUT', 'the request body is not valid JSON');
    return undefined;
  }
}

/** A GraphQL multipart request (docs/files.md), or an error sent and undefined. */
async function readUploadRequest(
  deps: GraphQLDependencies,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<MultipartRequest | undefined> {
  const refuse = (status: number, message: string) => {
    if (status === CLIENT_CLOSED_REQUEST) {
      response.statusCode = status;
      return;
    }
    response.setHeader('connection', 'close');
    sendError(response, status, status === 413 ? 'BAD_USER_INPUT' : 'BAD_REQUEST', message);
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
