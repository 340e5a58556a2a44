import type { Config } from '../config/loadConfig';

/**
 * Bounds on the WebSocket transport (docs/subscriptions.md). Defaults live in `loadConfig`
 * (`WS_MAX_SUBSCRIPTIONS` 100, `WS_MAX_CONNECTIONS_PER_USER` 20, `WS_MAX_PENDING_EVENTS` 1000,
 * `WS_CONNECTION_INIT_TIMEOUT` 3s); the query limits of HTTP (depth, aliases, tokens, cost,
 * message size as `MAX_BODY_BYTES`) apply to every operation sent over a socket too.
 */
export interface WebSocketLimits {
  /** Operations one connection may run at once; one more is refused with BAD_USER_INPUT. */
  subscriptionsPerConnection: number;
  /** Open connections per user (per client address for anonymous ones); one more is closed with 4403. */
  connectionsPerUser: number;
  /** Events waiting to be sent on one connection; past it the connection is closed with 4413. */
  pendingEvents: number;
  /** Time a client has to send `connection_init` before the socket is closed with 4408. */
  connectionInitWaitMs: number;
}

export function webSocketLimits(config: Config): WebSocketLimits {
  return {
    subscriptionsPerConnection: config.WS_MAX_SUBSCRIPTIONS,
    connectionsPerUser: config.WS_MAX_CONNECTIONS_PER_USER,
    pendingEvents: config.WS_MAX_PENDING_EVENTS,
    connectionInitWaitMs: config.WS_CONNECTION_INIT_TIMEOUT * 1000,
  };
}

/** Close codes beyond graphql-ws's own (4400 bad request, 4408 init timeout, 4429 repeated init). */
export const CLOSE_UNAUTHENTICATED = 4401;
export const CLOSE_TOO_MANY_CONNECTIONS = 4403;
export const CLOSE_SEND_BUFFER_FULL = 4413;
/** Server shutdown: the standard "going away". */
export const CLOSE_GOING_AWAY = 1001;
