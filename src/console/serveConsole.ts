import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadConsoleAssets, type ConsoleAsset } from './consoleAssets';

/** The console's page; its files are under `/console/`. */
export const CONSOLE_PATH = '/console';

/**
 * No inline script or style and nothing from another host: the page runs only our own files,
 * talks only to this server (HTTP and WebSocket), and cannot be framed.
 */
export const CONSOLE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

let assets: Map<string, ConsoleAsset> | undefined;

/** Whether `pathname` is the console's: `/console`, or a file under `/console/`. */
export function isConsolePath(pathname: string): boolean {
  return pathname === CONSOLE_PATH || pathname.startsWith(`${CONSOLE_PATH}/`);
}

/**
 * Answers a request for the console (docs/console.md): the page at `/console` and `/console/`,
 * its files below, 404 for any other name under it, 405 for anything but GET and HEAD.
 */
export function serveConsole(request: IncomingMessage, response: ServerResponse, pathname: string): void {
  response.setHeader('content-security-policy', CONSOLE_CONTENT_SECURITY_POLICY);
  response.setHeader('cross-origin-opener-policy', 'same-origin');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.statusCode = 405;
    response.setHeader('allow', 'GET, HEAD');
    response.end();
    return;
  }
  assets ??= loadConsoleAssets();
  const name =
    pathname === CONSOLE_PATH || pathname === `${CONSOLE_PATH}/`
      ? 'index.html'
      : pathname.slice(CONSOLE_PATH.length + 1);
  const asset = assets.get(name);
  if (!asset) {
    response.statusCode = 404;
    response.setHeader('content-type', 'text/plain; charset=utf-8');
    response.end('not found: the console serves only its own files\n');
    return;
  }
  response.statusCode = 200;
  response.setHeader('content-type', asset.contentType);
  // Small files that change with each release: the browser revalidates rather than guesses.
  response.setHeader('cache-control', 'no-cache');
  response.end(request.method === 'HEAD' ? undefined : asset.body);
}
