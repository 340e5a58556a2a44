import { request } from 'node:http';
import { CONSOLE_CONTENT_SECURITY_POLICY } from '../../src/console/serveConsole';
import { startTestServer, type TestServer } from '../support/startTestServer';

/** A raw GET, so the path reaches the server exactly as written (no URL normalising). */
function get(server: TestServer, path: string, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
    (resolve, reject) => {
      const { port } = server;
      const req = request({ host: '127.0.0.1', port, path, method }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
        response.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('GET /console (docs/console.md)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { NODE_ENV: 'production' } });
  });
  afterAll(() => server?.stop());

  test.each(['/console', '/console/'])('%s is the page, under a strict content security policy', async (path) => {
    const page = await get(server, path);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(CONSOLE_CONTENT_SECURITY_POLICY);
    expect(CONSOLE_CONTENT_SECURITY_POLICY).toMatch(/script-src 'self';/);
    expect(CONSOLE_CONTENT_SECURITY_POLICY).toMatch(/style-src 'self';/);
    expect(page.headers['x-frame-options']).toBe('DENY');
    // Nothing inline for the policy to refuse: every script and style is a file of ours.
    expect(page.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>|<style|\sstyle=|\son\w+=/i);
    const sources = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(sources.length).toBeGreaterThanOrEqual(4);
    for (const source of sources) {
      expect(source).toMatch(/^\/console\//);
      const file = await get(server, source);
      expect([source, file.status]).toEqual([source, 200]);
    }
  });

  test('its scripts are served as JavaScript, graphql-ws from our own node_modules', async () => {
    for (const path of ['/console/app.js', '/console/lib/dom.js', '/console/vendor/graphql-ws.js']) {
      const file = await get(server, path);
      expect([path, file.status, file.headers['content-type']]).toEqual([path, 200, 'text/javascript; charset=utf-8']);
    }
    expect((await get(server, '/console/vendor/graphql-ws.js')).body).toContain('graphqlWs');
  });

  test.each([
    ['a file it does not have', '/console/nope.js', 404],
    ['a way out of its folder', '/console/../package.json', 404],
    ['an encoded way out', '/console/%2e%2e/%2e%2e/package.json', 404],
    ['a folder', '/console/lib', 404],
    ['the sources of the server', '/console/serveConsole.ts', 404],
  ])('%s is not found', async (_what, path, status) => {
    const answer = await get(server, path);
    expect(answer.status).toBe(status);
    expect(answer.body).not.toContain('"name": "graphkeep"');
  });

  test('anything but GET and HEAD is refused', async () => {
    const post = await get(server, '/console', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    const head = await get(server, '/console', 'HEAD');
    expect([head.status, head.body]).toEqual([200, '']);
  });
});

describe('CONSOLE=false', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { CONSOLE: 'false' } });
  });
  afterAll(() => server?.stop());

  test('turns the console off: /console is not found', async () => {
    for (const path of ['/console', '/console/app.js']) {
      const answer = await get(server, path);
      expect([path, answer.status, JSON.parse(answer.body).errors[0].extensions.code]).toEqual([
        path,
        404,
        'NOT_FOUND',
      ]);
    }
  });
});
