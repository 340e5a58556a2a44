import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { eventually } from './eventually';

export interface SocketClient {
  client: Client;
  /** Close events the client saw, in order: `{ code, reason }`. */
  closes: { code: number; reason: string }[];
  /** The raw socket, once open (to stop reading from it, as a slow client would). */
  socket(): WebSocket | undefined;
  dispose(): Promise<void>;
}

export interface Subscription {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  events: any[];
  errors: unknown[];
  completed: boolean;
  stop(): void;
}

/** A real graphql-ws client, as a browser app would open one, against `/graphql`. */
export function connect(httpUrl: string, connectionParams?: Record<string, unknown>): SocketClient {
  const closes: { code: number; reason: string }[] = [];
  let raw: WebSocket | undefined;
  class TrackedWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols);
      // eslint-disable-next-line @typescript-eslint/no-this-alias
      raw = this;
    }
  }
  const client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: TrackedWebSocket,
    connectionParams,
    lazy: false,
    retryAttempts: 0,
    onNonLazyError: () => undefined,
    on: {
      closed: (event) => {
        const e = event as { code: number; reason: string };
        closes.push({ code: e.code, reason: String(e.reason) });
      },
    },
  });
  return { client, closes, socket: () => raw, dispose: () => client.dispose() as Promise<void> };
}

export function subscribe(socket: SocketClient, query: string, variables?: Record<string, unknown>): Subscription {
  const subscription: Subscription = { events: [], errors: [], completed: false, stop: () => undefined };
  subscription.stop = socket.client.subscribe(
    { query, variables },
    {
      next: (result) => {
        subscription.events.push(result);
      },
      error: (error) => {
        subscription.errors.push(error);
      },
      complete: () => {
        subscription.completed = true;
      },
    },
  );
  return subscription;
}

/** Waits (bounded) until `count` results have arrived, and returns them. */
export function received(subscription: Subscription, count: number, what = `${count} events`) {
  return eventually(
    () => (subscription.events.length >= count ? subscription.events.slice(0, count) : undefined),
    what,
  );
}

/** Waits (bounded) until the server serves `count` subscriptions. */
export function serving(server: { realtime: { subscriptions(): number } }, count: number) {
  return eventually(
    () => (server.realtime.subscriptions() >= count ? true : undefined),
    `${count} subscriptions on the server`,
  );
}

/**
 * Waits until the server has judged every change so far and put every event on its socket,
 * then until each socket has received them: a query over a socket is answered after
 * everything sent on it before. After this, an event that has not arrived will not come.
 */
export async function settle(
  server: { realtime: { settled(): Promise<void> } },
  sockets: readonly SocketClient[],
): Promise<void> {
  await server.realtime.settled();
  await Promise.all(sockets.map((socket) => received(subscribe(socket, '{ __typename }'), 1, 'a round trip')));
}
