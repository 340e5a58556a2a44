import { loadConfig } from '../../src/config/loadConfig';
import { eventually } from '../support/eventually';
import { FORM_END, formPart, multipartHead, RawHttpClient } from '../support/rawHttp';
import { startTestServer, type TestServer } from '../support/startTestServer';

const GET_HEALTH = 'GET /healthz HTTP/1.1\r\nhost: localhost\r\n\r\n';

/** docs/limits.md#connections: keep-alive, header and request timeouts, and the connection cap. */
describe('connections', () => {
  test('keep-alive outlasts a proxy: 65 s by default, announced in Keep-Alive', async () => {
    const server = await startTestServer();
    try {
      const client = new RawHttpClient(server.url);
      await client.write(GET_HEALTH);
      const answer = await client.answer();
      expect(answer.status).toBe(200);
      expect(answer.headers['keep-alive']).toBe('timeout=65');
      await client.abort();
    } finally {
      await server.stop();
    }
  });

  test('a configuration whose header timeout would cut a reused keep-alive connection is refused', () => {
    expect(() => loadConfig({ KEEP_ALIVE_TIMEOUT: '70s' })).toThrow(
      /HEADERS_TIMEOUT: must be more than KEEP_ALIVE_TIMEOUT/,
    );
    expect(() => loadConfig({ HEADERS_TIMEOUT: '400s' })).toThrow(/HEADERS_TIMEOUT: must be at most REQUEST_TIMEOUT/);
  });

  describe('with short timeouts', () => {
    let server: TestServer;
    const lines: { msg: string; requestId?: string }[] = [];
    beforeAll(async () => {
      server = await startTestServer({
        env: { KEEP_ALIVE_TIMEOUT: '1s', HEADERS_TIMEOUT: '2s', REQUEST_TIMEOUT: '3s', MAX_CONNECTIONS: '4' },
        logStream: { write: (line: string) => void lines.push(JSON.parse(line) as { msg: string }) },
      });
    });
    afterAll(() => server.stop());

    test('a client trickling its headers (slowloris) is answered 408 and closed', async () => {
      const client = new RawHttpClient(server.url);
      await client.write('POST /graphql HTTP/1.1\r\nhost: localhost\r\nx-slow: ');
      await client.closedByServer();
      expect((await client.answer()).status).toBe(408);
    });

    test('a client that stops mid-upload is cut off at REQUEST_TIMEOUT, and its handler ends', async () => {
      const body = Buffer.concat([
        formPart('operations', JSON.stringify({ query: '{ viewer { user { id } } }' })),
        formPart('map', '{}'),
        formPart('x', Buffer.alloc(100, 1), { filename: 'x.bin', type: 'application/octet-stream' }),
        FORM_END,
      ]);
      const client = new RawHttpClient(server.url);
      await client.write(multipartHead(body.length, { 'x-request-id': 'stalled-upload' }));
      await client.write(body.subarray(0, body.length - 40));
      await client.closedByServer();
      await eventually(
        () => lines.find((line) => line.msg === 'request' && line.requestId === 'stalled-upload'),
        'the stalled upload to end',
      );
    });

    test('past MAX_CONNECTIONS a new connection is closed at once; others are served', async () => {
      const held = await Promise.all(
        Array.from({ length: 4 }, async () => {
          const client = new RawHttpClient(server.url);
          await client.write(GET_HEALTH);
          expect((await client.answer()).status).toBe(200);
          return client;
        }),
      );
      const refused = new RawHttpClient(server.url);
      await refused.write(GET_HEALTH).catch(() => undefined);
      const answer = await refused.answer();
      expect(answer.status).toBeUndefined();
      expect(answer.closedByServer).toBe(true);
      await held[0].abort();
      await eventually(async () => {
        const client = new RawHttpClient(server.url);
        await client.write(GET_HEALTH).catch(() => undefined);
        const status = (await client.answer()).status;
        await client.abort();
        return status === 200 ? true : undefined;
      }, 'a connection to be accepted again');
      await Promise.all(held.slice(1).map((client) => client.abort()));
    });
  });
});
