import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { eventually } from './eventually';

/** A server that keeps idle connections as long as Graphkeep's production settings do. */
const SERVER_IDLE_MS = 65_000;

/** The tests' `fetch` goes through one agent (`httpAgent.ts`) that closes idle connections before the server does. */
describe('the tests’ HTTP client', () => {
  let server: Server;
  let url: string;
  const sockets: { socket: Socket; endedByClient: boolean; timedOut: boolean; closed: boolean }[] = [];
  beforeAll(async () => {
    server = createServer((_request, response) => response.end('ok'));
    server.keepAliveTimeout = SERVER_IDLE_MS;
    server.on('connection', (socket) => {
      const seen = { socket, endedByClient: false, timedOut: false, closed: false };
      sockets.push(seen);
      socket.on('end', () => (seen.endedByClient = true));
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

  test('closes its idle connections itself, long before the server would', async () => {
    for (let i = 0; i < 3; i += 1) expect(await (await fetch(url)).text()).toBe('ok');
    expect(sockets.length).toBeGreaterThan(0);
    await eventually(
      () => (sockets.every((seen) => seen.closed) ? true : undefined),
      'the idle connections to close',
      1_000,
    );
    for (const seen of sockets) expect(seen).toMatchObject({ endedByClient: true, timedOut: false });
  });
});
