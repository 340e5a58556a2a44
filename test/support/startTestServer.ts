import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DestinationStream } from 'pino';
import { createLogger } from '../../src/server/createLogger';
import { loadConfig } from '../../src/config/loadConfig';
import { startGraphkeep, type RunningGraphkeep } from '../../src/server/startGraphkeep';
import type { Store } from '../../src/store/Store';
import type { SpanProcessors } from '../../src/telemetry/tracing';

export interface TestServer extends RunningGraphkeep {
  dataDir: string;
  /** POSTs a GraphQL request as a client would; returns the HTTP status and parsed body. */
  request(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse>;
  stop(): Promise<void>;
}

/** A response's `data`, read loosely: each test asserts the shape it needs. */
export type ResponseData = GraphQLResponse['data'];

export interface GraphQLResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  data: any;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [key: string]: unknown } }[];
}

export interface TestServerOptions {
  /** The app schema; defaults to the repository's example `schema.graphql`. */
  schema?: string;
  /**
   * Rules files by type name; by default none, so built-in types have their default rules
   * (docs/permissions.md#types-without-a-rules-file) and app types are open, because this helper
   * passes `PERMISSIONS_DEFAULT=open` unless `env` says otherwise: most tests are about something
   * other than rules and would otherwise need a file per type. Tests of the closed default pass
   * `env: { PERMISSIONS_DEFAULT: 'deny' }`. Pass `'example'` for the repository's `permissions/`.
   */
  permissions?: Record<string, unknown> | 'example';
  env?: Record<string, string>;
  /** Reuse a data directory (to test restarts). */
  dataDir?: string;
  /** Where the server's log lines go (at level info); by default nowhere. */
  logStream?: DestinationStream;
  /** Wrap the real store (to count calls). */
  wrapStore?: (store: Store) => Store;
  /** Turns tracing on, with spans going to these processors (the SDK's in-memory exporter). */
  spanProcessors?: SpanProcessors;
}

/**
 * Starts the real server on a free loopback port over a fresh embedded store in a temporary
 * directory, as `npm start` would, with the example app unless told otherwise.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'graphkeep-test-'));
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-000000',
    PERMISSIONS_DEFAULT: 'open',
    ...options.env,
  };
  if (options.schema !== undefined) {
    env.SCHEMA_FILE = join(dataDir, 'schema.graphql');
    writeFileSync(env.SCHEMA_FILE, options.schema);
  }
  if (options.permissions !== 'example') {
    env.PERMISSIONS_DIR = mkdtempSync(join(dataDir, 'permissions-'));
    for (const [type, rules] of Object.entries(options.permissions ?? {})) {
      writeFileSync(join(env.PERMISSIONS_DIR, `${type}.json`), JSON.stringify(rules));
    }
  }
  const config = loadConfig(env);
  let store: Store | undefined;
  if (options.wrapStore) {
    const { openStore } = await import('../../src/store/openStore');
    store = options.wrapStore(await openStore({ dataDir, mongodbUri: config.MONGODB_URI }));
  }
  const logger = options.logStream ? createLogger('info', options.logStream) : createLogger('silent');
  const server = await startGraphkeep(config, { store, logger, spanProcessors: options.spanProcessors });
  return {
    ...server,
    dataDir,
    request: (query, variables, token) => postGraphQL(server.url, query, variables, token),
    async stop() {
      await server.close();
      if (store) await store.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function postGraphQL(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
): Promise<GraphQLResponse> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse, 'status'>;
  return { status: response.status, ...body };
}
