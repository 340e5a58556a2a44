import { RawHttpClient } from '../support/rawHttp';
import { startTestServer, type TestServer } from '../support/startTestServer';

/** Names every plain JavaScript object answers to: a lookup table that is a plain object finds them. */
const OBJECT_NAMES = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
  '__defineGetter__',
];

describe('route and asset names that plain objects answer to are unknown names: 404, never 500', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { GRAPHIQL: 'true' } });
  });
  afterAll(() => server.stop());

  const paths = OBJECT_NAMES.flatMap((name) => [`/graphiql/${name}`, `/files/${name}`, `/${name}`, `/graphql/${name}`]);

  test.each(paths)('GET %s', async (path) => {
    const response = await fetch(new URL(path, server.url));
    expect(response.status).toBe(404);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  test.each(['http://[', 'http://a:99999/graphql'])(
    'a request target that is no URL (%s) is 400, not 500',
    async (target) => {
      const client = new RawHttpClient(server.url);
      await client.write(`GET ${target} HTTP/1.1\r\nhost: x\r\n\r\n`);
      const answer = await client.answer();
      await client.abort();
      expect(answer.status).toBe(400);
      expect(
        (JSON.parse(answer.body) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code,
      ).toBe('BAD_REQUEST');
    },
  );
});
