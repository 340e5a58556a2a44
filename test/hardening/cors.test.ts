import { startTestServer, type TestServer } from '../support/startTestServer';

/** Browser apps, as Apollo Client sends them: preflights with the headers the page asked for. */
describe('CORS preflights from a browser app', () => {
  let server: TestServer;
  let logs: Record<string, unknown>[] = [];
  beforeAll(async () => {
    server = await startTestServer({
      env: { NODE_ENV: 'production', CORS_ORIGINS: 'https://app.example.org' },
      logStream: {
        write: (line: string) => {
          logs.push(JSON.parse(line) as Record<string, unknown>);
        },
      },
    });
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    logs = [];
  });

  const ASKED = 'authorization, content-type, apollographql-client-name, apollographql-client-version, x-my-app-trace';
  const preflight = (origin: string) =>
    fetch(server.url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': ASKED },
    });

  test('an allowed origin may send every header it asks for, and is logged', async () => {
    const response = await preflight('https://app.example.org');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.org');
    expect(response.headers.get('access-control-allow-headers')).toBe(ASKED);
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(response.headers.get('vary')).toMatch(/Origin.*Access-Control-Request-Headers/);
    const [line] = logs.filter((entry) => entry.msg === 'preflight');
    expect(line).toMatchObject({
      level: 30,
      origin: 'https://app.example.org',
      allowed: true,
      status: 204,
      headers: ASKED,
    });
  });

  test('the actual request lets the page read x-request-id', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: {
        origin: 'https://app.example.org',
        'content-type': 'application/json',
        'apollographql-client-name': 'web',
      },
      body: JSON.stringify({ query: '{ viewer { user { id } } }' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.org');
    expect(response.headers.get('access-control-expose-headers')).toMatch(/x-request-id/);
  });

  test('a refused origin gets 403 without CORS headers, logged at warn with the origin', async () => {
    const response = await preflight('https://evil.example.com');
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-headers')).toBeNull();
    const [line] = logs.filter((entry) => entry.msg === 'preflight');
    expect(line).toMatchObject({ level: 40, origin: 'https://evil.example.com', allowed: false, status: 403 });
  });
});
