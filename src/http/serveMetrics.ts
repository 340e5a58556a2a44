import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** `GET /metrics`: who may read it, and the text to send. */
export interface MetricsEndpoint {
  /** `public`: anyone who reaches the port; a token: `Authorization: Bearer <token>` (docs/production.md). */
  access: { kind: 'public' } | { kind: 'token'; token: string };
  render(): Promise<{ contentType: string; body: string }>;
}

export const METRICS_PATH = '/metrics';

/**
 * Answers a scrape. A missing or wrong token is 401 with `WWW-Authenticate: Bearer` (RFC 6750),
 * compared in constant time; GET only. When metrics are off the server has no endpoint, and the
 * path is a 404 like any other unknown one.
 */
export async function serveMetrics(endpoint: MetricsEndpoint, request: IncomingMessage, response: ServerResponse) {
  if (request.method !== 'GET') {
    response.writeHead(405, { allow: 'GET', 'content-type': 'text/plain; charset=utf-8' }).end('use GET\n');
    return;
  }
  if (endpoint.access.kind === 'token' && !bearerMatches(request.headers.authorization, endpoint.access.token)) {
    response
      .writeHead(401, { 'www-authenticate': 'Bearer realm="metrics"', 'content-type': 'text/plain; charset=utf-8' })
      .end('send Authorization: Bearer <METRICS_TOKEN>\n');
    return;
  }
  const { contentType, body } = await endpoint.render();
  response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/i.exec(header ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1].trim());
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
