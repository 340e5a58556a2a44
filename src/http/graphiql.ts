import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import type { Config } from '../config/loadConfig';
import { GRAPHIQL_START_SCRIPT } from './graphiqlStartScript';

/** Where the page's own files are served from; the page itself is `GET /graphql` for browsers. */
export const GRAPHIQL_ASSET_PATH = '/graphiql/';

interface Asset {
  contentType: string;
  body: Buffer | string;
}

/**
 * GraphiQL 3's UMD build with React 18's (React 19 ships no UMD), read from our own
 * node_modules so the explorer works offline and behind proxies that block CDNs.
 */
function readPackageFile(packageName: string, file: string): Buffer {
  return readFileSync(join(dirname(require.resolve(`${packageName}/package.json`)), file));
}

const JS = 'text/javascript; charset=utf-8';
// A Map, not an object literal: a name from the URL must never reach `constructor` or `__proto__`.
const ASSET_FILES = new Map<string, { read: () => Buffer | string; contentType: string }>([
  ['react.js', { read: () => readPackageFile('react', 'umd/react.production.min.js'), contentType: JS }],
  ['react-dom.js', { read: () => readPackageFile('react-dom', 'umd/react-dom.production.min.js'), contentType: JS }],
  ['graphiql.js', { read: () => readPackageFile('graphiql', 'graphiql.min.js'), contentType: JS }],
  [
    'graphiql.css',
    { read: () => readPackageFile('graphiql', 'graphiql.min.css'), contentType: 'text/css; charset=utf-8' },
  ],
  ['start.js', { read: () => GRAPHIQL_START_SCRIPT, contentType: JS }],
]);

const loaded = new Map<string, Asset>();

function asset(name: string): Asset | undefined {
  const file = ASSET_FILES.get(name);
  if (!file) return undefined;
  let cached = loaded.get(name);
  if (!cached) {
    cached = { contentType: file.contentType, body: file.read() };
    loaded.set(name, cached);
  }
  return cached;
}

/** On in development, off in production unless `GRAPHIQL=true`, as introspection is. */
export function graphiqlEnabled(config: Pick<Config, 'GRAPHIQL' | 'NODE_ENV'>): boolean {
  return config.GRAPHIQL ? config.GRAPHIQL === 'true' : config.NODE_ENV !== 'production';
}

/**
 * A browser asking for the API page: a GET that accepts HTML. GraphQL clients ask for JSON;
 * a `?query=` here pre-fills the editor (a shareable link), as graphql-yoga's GraphiQL does.
 */
export function wantsGraphiQL(request: IncomingMessage): boolean {
  return request.method === 'GET' && (request.headers.accept ?? '').includes('text/html');
}

// No inline script, so the page runs under a strict policy: only this server is reachable.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Graphkeep · GraphiQL</title>
<link rel="stylesheet" href="${GRAPHIQL_ASSET_PATH}graphiql.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="${GRAPHIQL_ASSET_PATH}react.js"></script>
<script src="${GRAPHIQL_ASSET_PATH}react-dom.js"></script>
<script src="${GRAPHIQL_ASSET_PATH}graphiql.js"></script>
<script src="${GRAPHIQL_ASSET_PATH}start.js"></script>
</body>
</html>
`;

export function sendGraphiQLPage(response: ServerResponse): void {
  response.statusCode = 200;
  response.setHeader('content-type', 'text/html; charset=utf-8');
  response.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  response.setHeader('cache-control', 'no-cache');
  response.end(PAGE);
}

/** Serves one of the page's files; answers false when `pathname` is not one of them. */
export function sendGraphiQLAsset(pathname: string, response: ServerResponse): boolean {
  if (!pathname.startsWith(GRAPHIQL_ASSET_PATH)) return false;
  const found = asset(pathname.slice(GRAPHIQL_ASSET_PATH.length));
  if (!found) return false;
  response.statusCode = 200;
  response.setHeader('content-type', found.contentType);
  response.setHeader('cache-control', 'public, max-age=3600');
  response.end(found.body);
  return true;
}
