import type { Server, ServerOptions } from 'node:http';
import type { Config } from '../config/loadConfig';

type ConnectionSettings = Pick<
  Config,
  'KEEP_ALIVE_TIMEOUT' | 'HEADERS_TIMEOUT' | 'REQUEST_TIMEOUT' | 'MAX_CONNECTIONS'
>;

/** How often Node looks for requests past their timeouts: its own 30 s, or sooner for short timeouts. */
const LONGEST_CHECK_INTERVAL_MS = 30_000;

/**
 * Node's connection timeouts from the settings of docs/limits.md#connections:
 * - `KEEP_ALIVE_TIMEOUT` (65 s): an idle keep-alive connection outlives a proxy's own idle
 *   timeout (60 s for AWS ALB, nginx's 75 s upstream default aside), so the proxy never sends on a
 *   connection the server is closing (Node's 5 s default gave "other side closed").
 * - `HEADERS_TIMEOUT` (66 s, above keep-alive): a client trickling its headers (slowloris) is cut off with 408.
 * - `REQUEST_TIMEOUT` (300 s): the whole request, body and uploads included, so no handler
 *   waits on a client's bytes for longer.
 */
export function connectionOptions(config: ConnectionSettings): ServerOptions {
  const shortest = Math.min(config.HEADERS_TIMEOUT, config.REQUEST_TIMEOUT) * 1000;
  return {
    keepAliveTimeout: config.KEEP_ALIVE_TIMEOUT * 1000,
    headersTimeout: config.HEADERS_TIMEOUT * 1000,
    requestTimeout: config.REQUEST_TIMEOUT * 1000,
    connectionsCheckingInterval: Math.min(LONGEST_CHECK_INTERVAL_MS, Math.ceil(shortest / 4)),
  };
}

/**
 * `MAX_CONNECTIONS`: open sockets (HTTP, keep-alive and WebSocket alike) past which a new one
 * is closed as it arrives, so a flood of connections meets a bound before the process's file
 * descriptors do.
 */
export function capConnections(server: Server, config: ConnectionSettings): void {
  server.maxConnections = config.MAX_CONNECTIONS;
}
