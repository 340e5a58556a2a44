import { request as httpRequest } from 'node:http';
import { startTestServer, type TestServer } from '../support/startTestServer';

type LogLine = Record<string, unknown> & { msg: string; requestId?: string };

/**
 * TRUST_PROXY over real connections from two loopback addresses: 127.0.0.1 plays the proxy the
 * setting trusts, 127.0.0.2 a client that reaches the server directly and forges the header.
 */
describe('TRUST_PROXY: X-Forwarded-For only from trusted hops', () => {
  let server: TestServer;
  const logs: LogLine[] = [];
  beforeAll(async () => {
    server = await startTestServer({
      env: { TRUST_PROXY: '127.0.0.1', LOGIN_MAX_FAILURES_PER_ADDRESS: '2', LOGIN_MAX_FAILURES: '100' },
      logStream: { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) },
    });
  });
  afterAll(() => server.stop());

  /** A failed login sent from `from`, claiming `forwardedFor`; its error code and the address the log line shows. */
  function failedLogin(from: string, forwardedFor: string, username: string) {
    const body = JSON.stringify({
      query: `mutation { loginUser(input: { username: "${username}", password: "not the password" }) { token } }`,
    });
    return new Promise<{ code: string; clientAddress: unknown }>((resolve, reject) => {
      const outgoing = httpRequest(
        server.url,
        {
          method: 'POST',
          localAddress: from,
          headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('error', reject);
          response.on('end', () => {
            const requestId = response.headers['x-request-id'];
            const line = logs.find((logged) => logged.msg === 'request' && logged.requestId === requestId);
            const { errors } = JSON.parse(text) as { errors: { extensions: { code: string } }[] };
            resolve({ code: errors[0].extensions.code, clientAddress: line?.clientAddress });
          });
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  test('from an untrusted peer a forged header is ignored: every attempt counts against the peer', async () => {
    const answers = [];
    for (const [index, forged] of ['198.51.100.1', '198.51.100.2', '198.51.100.3'].entries())
      answers.push(await failedLogin('127.0.0.2', forged, `nobody-direct-${index}`));
    expect(answers).toEqual([
      { code: 'UNAUTHENTICATED', clientAddress: '127.0.0.2' },
      { code: 'UNAUTHENTICATED', clientAddress: '127.0.0.2' },
      { code: 'TOO_MANY_REQUESTS', clientAddress: '127.0.0.2' },
    ]);
  });

  test('from the trusted proxy the header names the client: each address has its own count', async () => {
    const answers = [];
    for (const [index, client] of ['203.0.113.1', '203.0.113.1', '203.0.113.1', '203.0.113.2'].entries())
      answers.push(await failedLogin('127.0.0.1', `6.6.6.6, ${client}`, `nobody-proxied-${index}`));
    expect(answers).toEqual([
      { code: 'UNAUTHENTICATED', clientAddress: '203.0.113.1' },
      { code: 'UNAUTHENTICATED', clientAddress: '203.0.113.1' },
      { code: 'TOO_MANY_REQUESTS', clientAddress: '203.0.113.1' },
      { code: 'UNAUTHENTICATED', clientAddress: '203.0.113.2' },
    ]);
  });
});

test('TRUST_PROXY=true is refused at start, naming the variable', async () => {
  await expect(startTestServer({ env: { TRUST_PROXY: 'true' } })).rejects.toThrow(
    /TRUST_PROXY: true would let any client/,
  );
});
