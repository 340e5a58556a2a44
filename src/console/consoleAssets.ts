import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';

/** One file the console's page loads. */
export interface ConsoleAsset {
  contentType: string;
  body: Buffer;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * Where the browser code lives: `web/` beside this file when run from the sources, or the
 * sources' copy when this file runs compiled from `dist/` (which holds only compiled TypeScript).
 */
function webDirectory(): string {
  const candidates = [join(__dirname, 'web'), join(__dirname, '..', '..', 'src', 'console', 'web')];
  const found = candidates.find((candidate) => existsSync(join(candidate, 'index.html')));
  if (!found) throw new Error(`the console's files are missing: looked in ${candidates.join(', ')}`);
  return found;
}

/** graphql-ws's own browser build (a UMD script defining `graphqlWs`), from our node_modules. */
function vendorFiles(): Map<string, ConsoleAsset> {
  const graphqlWs = join(dirname(require.resolve('graphql-ws/package.json')), 'umd', 'graphql-ws.min.js');
  return new Map([['vendor/graphql-ws.js', { contentType: CONTENT_TYPES['.js'], body: readFileSync(graphqlWs) }]]);
}

function listFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

/**
 * Every file the console serves, by its path under `/console/`, read once. Only these names are
 * ever answered, so no request path reaches the file system (`../` included).
 */
export function loadConsoleAssets(): Map<string, ConsoleAsset> {
  const root = webDirectory();
  const assets = vendorFiles();
  for (const file of listFiles(root)) {
    const contentType = CONTENT_TYPES[extname(file)];
    if (!contentType) continue;
    assets.set(relative(root, file).split(sep).join('/'), { contentType, body: readFileSync(file) });
  }
  return assets;
}
