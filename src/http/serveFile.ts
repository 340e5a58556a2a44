import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { create as contentDisposition } from 'content-disposition';
import parseRange from 'range-parser';
import type { StoredFile } from '../store/files/StoredFile';
import type { FileDownloads } from '../files/fileDownloads';
import type { RequestContext } from '../resolvers/RequestContext';
import { isUserError } from '../errors';

/** Types a browser may show in place (`<img src>`); everything else downloads as an attachment. */
const INLINE_TYPES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'application/pdf',
  'audio/mpeg',
  'video/mp4',
]);

const STATUS_OF_CODE: Record<string, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  BAD_USER_INPUT: 400,
};

/**
 * `GET|HEAD /files/<id>` (docs/files.md): the file if `downloads.authorize` allows it, with an ETag
 * (its SHA-256), `If-None-Match`, one byte range per request (`Range: bytes=…`, 206/416),
 * `Content-Disposition`, and headers that stop a browser from running what it downloads.
 */
export async function serveFile(
  downloads: FileDownloads,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  encodedId: string,
  contextFor: () => Promise<RequestContext>,
): Promise<void> {
  let fileId: string;
  try {
    fileId = decodeURIComponent(encodedId);
  } catch {
    return sendError(response, 404, 'NOT_FOUND', 'no such file');
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', 'GET, HEAD');
    return sendError(response, 405, 'BAD_REQUEST', 'use GET or HEAD');
  }
  let file: StoredFile;
  try {
    const params = url.searchParams;
    const signature = ['signature', 'expires', 'viewer'].some((name) => params.has(name))
      ? { expires: params.get('expires'), viewer: params.get('viewer'), signature: params.get('signature') }
      : null;
    file = await downloads.authorize(fileId, signature, contextFor);
  } catch (error) {
    if (!isUserError(error)) throw error;
    const code = String(error.extensions.code);
    return sendError(response, STATUS_OF_CODE[code] ?? 400, code, error.message);
  }

  const etag = `"${file.sha256}"`;
  response.setHeader('etag', etag);
  response.setHeader('accept-ranges', 'bytes');
  response.setHeader('cache-control', 'private, no-cache');
  response.setHeader('content-type', file.contentType);
  response.setHeader(
    'content-disposition',
    contentDisposition(file.name, { type: INLINE_TYPES.has(file.contentType) ? 'inline' : 'attachment' }),
  );
  // A file is data, never a page: no scripts, no plugins, even if a browser is told to show it.
  response.setHeader('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
  // Frontends on another site show images from here; access is decided per request above.
  response.setHeader('cross-origin-resource-policy', 'cross-origin');
  if (request.headers['if-none-match']?.split(',').some((tag) => tag.trim() === etag)) {
    response.statusCode = 304;
    response.end();
    return;
  }

  let range: { start: number; end: number } | undefined;
  const ifRange = request.headers['if-range'];
  if (request.headers.range && (ifRange === undefined || ifRange === etag)) {
    const ranges = parseRange(file.size, request.headers.range, { combine: true });
    if (ranges === -1) {
      response.setHeader('content-range', `bytes */${file.size}`);
      return sendError(response, 416, 'BAD_USER_INPUT', `the range is outside the file's ${file.size} bytes`);
    }
    // A malformed header, or several ranges, get the whole file, as RFC 9110 allows.
    if (ranges !== -2 && ranges.length === 1) range = ranges[0];
  }

  const body = await downloads.open(file.id, range);
  if (!body) return sendError(response, 404, 'NOT_FOUND', 'no such file');
  response.statusCode = range ? 206 : 200;
  if (range) response.setHeader('content-range', `bytes ${range.start}-${range.end}/${file.size}`);
  response.setHeader('content-length', range ? range.end - range.start + 1 : file.size);
  if (request.method === 'HEAD') {
    body.destroy();
    response.end();
    return;
  }
  await pipeline(body, response);
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  response.statusCode = status;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}
