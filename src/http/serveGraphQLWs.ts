import type { IncomingMessage } from 'node:http';
import { CloseCode, makeServer, type ServerOptions } from 'graphql-ws';
import type { Logger } from 'pino';
import type { WebSocket, WebSocketServer } from 'ws';

/** What each connection's hooks see as `ctx.extra`, as graphql-ws's own `use/ws` has it. */
export interface SocketExtra {
  socket: WebSocket;
  request: IncomingMessage;
}

/** How often an idle connection is pinged; one that has not answered by the next ping is dropped. */
const KEEP_ALIVE_MS = 12_000;

/** graphql-ws throws this for a message type only the server may send (`connection_ack`, `next`, `error`). */
const SERVER_ONLY_MESSAGE = /^Unexpected message of type \S+ received$/;

/**
 * The graphql-ws protocol over `ws` (docs/subscriptions.md): graphql-ws's `use/ws` adapter, with
 * two differences that keep a client's mistakes the client's:
 * - once a connection is closing (after 4400, 4409, 4429, …), nothing more it sent is handled,
 *   so a mutation pipelined behind a bad frame never runs with no one to tell;
 * - a client sending a message only the server sends is closed with 4400 (Bad request),
 *   not 4500 (Internal server error); 4500 is kept for the server's own faults, which are logged.
 */
export function serveGraphQLWs<P extends Record<string, unknown>, E extends Record<PropertyKey, unknown>>(
  options: ServerOptions<P, SocketExtra & E>,
  wss: WebSocketServer,
  logger: Logger,
  production: boolean,
): { dispose(): Promise<void> } {
  const server = makeServer(options);
  wss.options.handleProtocols = (protocols) => (protocols.has('graphql-transport-ws') ? 'graphql-transport-ws' : false);
  wss.on('error', (error) => logger.error({ err: error }, 'the WebSocket server failed'));
  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    // ws has already closed the socket with the code the protocol breach calls for (1002, 1007, 1009).
    socket.on('error', (error) => logger.warn({ err: error }, 'a WebSocket client broke the protocol'));
    let answered = true;
    const keepAlive = setInterval(() => {
      if (!answered) return socket.terminate();
      answered = false;
      socket.ping();
    }, KEEP_ALIVE_MS);
    socket.on('pong', () => {
      answered = true;
    });
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (data) => {
            if (socket.readyState !== socket.OPEN) return;
            handle(String(data)).catch((error: Error) => {
              if (SERVER_ONLY_MESSAGE.test(error.message)) return socket.close(CloseCode.BadRequest, error.message);
              logger.error({ err: error }, 'a WebSocket message failed');
              socket.close(
                CloseCode.InternalServerError,
                production ? 'Internal server error' : error.message.slice(0, 120),
              );
            });
          }),
      },
      { socket, request } as SocketExtra & E,
    );
    socket.once('close', (code, reason) => {
      clearInterval(keepAlive);
      closed(code, String(reason)).catch((error: unknown) =>
        logger.error({ err: error }, 'closing a WebSocket connection failed'),
      );
    });
  });
  return {
    async dispose() {
      for (const client of wss.clients) client.close(1001, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
