import { startTestServer, type TestServer } from '../support/startTestServer';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

async function getPage(server: TestServer): Promise<Response> {
  return fetch(server.url, { headers: { accept: BROWSER_ACCEPT } });
}

/** Every URL the page and its scripts name that is not on this server. */
function externalUrls(html: string): string[] {
  return [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]).filter((url) => !url.startsWith('/'));
}

describe('GraphiQL at GET /graphql for browsers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  test('the page loads only files of this server, under a policy that forbids anything else', async () => {
    const response = await getPage(server);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'.*connect-src 'self'/);
    const html = await response.text();
    expect(externalUrls(html)).toEqual([]);
    const assets = [...html.matchAll(/(?:src|href)="(\/graphiql\/[^"]+)"/g)].map((match) => match[1]);
    expect(assets).toEqual([
      '/graphiql/graphiql.css',
      '/graphiql/react.js',
      '/graphiql/react-dom.js',
      '/graphiql/graphiql.js',
      '/graphiql/start.js',
    ]);
    for (const asset of assets) {
      const file = await fetch(new URL(asset, server.url));
      expect([asset, file.status]).toEqual([asset, 200]);
      expect((await file.arrayBuffer()).byteLength).toBeGreaterThan(500);
    }
  });

  test('the start script hints at the Authorization header and sends no placeholder token', async () => {
    const script = await (await fetch(new URL('/graphiql/start.js', server.url))).text();
    expect(script).toContain('"Authorization": "Bearer <token>"');
    expect(script).toContain(String.raw`defaultHeaders: '{\n  "Authorization": ""\n}'`);
    // An empty Authorization header is anonymous, so the hint costs nothing until filled in.
    const anonymous = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: '' },
      body: JSON.stringify({ query: '{ viewer { user { id } } }' }),
    });
    expect(await anonymous.json()).toEqual({ data: { viewer: { user: null } } });
  });

  test('GraphQL clients still get JSON from GET and POST; unknown asset names are 404', async () => {
    const get = await fetch(`${server.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json' },
    });
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
    expect((await server.request('{ __typename }')).data).toEqual({ __typename: 'Query' });
    expect((await fetch(new URL('/graphiql/../package.json', server.url))).status).toBe(404);
    expect((await fetch(new URL('/graphiql/index.js', server.url))).status).toBe(404);
  });
});

describe('GraphiQL in production', () => {
  test('is off by default: no page, no Apollo landing page that would load a CDN', async () => {
    const server = await startTestServer({ env: { NODE_ENV: 'production' } });
    try {
      const response = await getPage(server);
      const text = await response.text();
      expect(response.headers.get('content-type')).not.toMatch(/html/);
      expect(text).not.toMatch(/<html|cdn|apollo/i);
      expect((await fetch(new URL('/graphiql/graphiql.js', server.url))).status).toBe(404);
    } finally {
      await server.stop();
    }
  });

  test('GRAPHIQL=true turns it on', async () => {
    const server = await startTestServer({ env: { NODE_ENV: 'production', GRAPHIQL: 'true' } });
    try {
      const response = await getPage(server);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('/graphiql/graphiql.js');
    } finally {
      await server.stop();
    }
  });

  test('GRAPHIQL=false turns it off in development', async () => {
    const server = await startTestServer({ env: { NODE_ENV: 'development', GRAPHIQL: 'false' } });
    try {
      expect(await (await getPage(server)).text()).not.toMatch(/<html/i);
    } finally {
      await server.stop();
    }
  });
});
