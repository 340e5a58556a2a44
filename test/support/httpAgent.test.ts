import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { eventually } from './eventually';

/** As long as Graphkeep's production settings keep an idle connection. */
const SERVER_IDLE_MS = 65_000;

/** The tests' `fetch` goes through one agent (`httpAgent.ts`) that leaves no connection idle. */
describe('the tests’ HTTP client', () => {
  let server: Server;
  let url: string;
  const connections = new Map<Socket, { requests: number; timedOut: boolean; closed: boolean }>();
  beforeAll(async () => {
    server = createServer((request, response) => {
      connections.get(request.socket)!.requests += 1;
      response.end('ok');
    });
    server.keepAliveTimeout = SERVER_IDLE_MS;
    server.on('connection', (socket: Socket) => {
      const seen = { requests: 0, timedOut: false, closed: false };
      connections.set(socket, seen);
      socket.on('timeout', () => (seen.timedOut = true));
      socket.on('close', () => (seen.closed = true));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('sends each request on a connection of its own, closed with its response', async () => {
    for (let i = 0; i < 3; i += 1) {
      const response = await fetch(url);
      expect(await response.text()).toBe('ok');
      expect(response.headers.get('connection')).toBe('close');
    }
    const seen = [...connections.values()];
    await eventually(
      () => (seen.every((connection) => connection.closed) ? true : undefined),
      'the connections to close',
    );
    expect(seen).toEqual([1, 2, 3].map(() => ({ requests: 1, timedOut: false, closed: true })));
  });
});
