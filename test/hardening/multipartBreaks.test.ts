import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../support/eventually';
import { FORM_END, formPart, multipartHead, RawHttpClient } from '../support/rawHttp';
import { spawnServer } from '../support/spawnServer';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { documentedErrorCodes } from '../support/documentedErrorCodes';

const SCHEMA = `
  type Post @model {
    title: String!
    cover: File @upload(accept: ["image/png"], maxSize: "64KB")
  }
`;
const PERMISSIONS = { Post: [{ scope: 'EVERYONE', read: true, create: true }] };

const CREATE = 'mutation($input: CreatePostInput!) { createPost(input: $input) { changedPost { id } } }';
const operations = JSON.stringify({ query: CREATE, variables: { input: { title: 'broken', cover: null } } });
const map = JSON.stringify({ 0: ['variables.input.cover'] });
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(20_000, 7)]);
const png = (bytes: Buffer) => formPart('0', bytes, { filename: 'cover.png', type: 'image/png' });

/** A whole, valid upload: each stage below is a prefix of it. */
const whole = Buffer.concat([formPart('operations', operations), formPart('map', map), png(PNG), FORM_END]);
const upTo = (marker: string, extra = 0) => whole.subarray(0, whole.indexOf(marker) + extra);

/** Where a client may stop: each is the body sent before the socket is closed. */
const ABORTS: [string, Buffer | 'mid-headers'][] = [
  ['in the headers', 'mid-headers'],
  ['after the headers', Buffer.alloc(0)],
  ['in operations', upTo('"query"', 10)],
  ['between operations and map', upTo('name="map"', -40)],
  ['in map', upTo('variables.input.cover"]')],
  ["in the file part's headers", upTo('filename="cover.png"')],
  ['mid-file', upTo('filename="cover.png"', 10_000)],
  [
    'mid-file, in a part no variable maps',
    Buffer.concat([
      formPart('operations', JSON.stringify({ query: '{ allPosts { totalCount } }' })),
      formPart('map', '{}'),
      formPart('x', Buffer.alloc(20_000, 1), { filename: 'x.bin', type: 'application/octet-stream' }).subarray(
        0,
        10_000,
      ),
    ]),
  ],
];

/** Bodies that arrive whole (as Content-Length promised) but are not a well-formed upload. */
const BROKEN: [string, Buffer][] = [
  [
    'a part no variable maps, cut off by the end of the body',
    Buffer.concat([
      formPart('operations', JSON.stringify({ query: '{ allPosts { totalCount } }' })),
      formPart('map', '{}'),
      formPart('x', Buffer.alloc(5_000, 1), { filename: 'x.bin', type: 'application/octet-stream' }).subarray(0, 2_000),
    ]),
  ],
  ['the mapped file, cut off by the end of the body', upTo('filename="cover.png"', 10_000)],
  ['the body ends after map', Buffer.concat([formPart('operations', operations), formPart('map', map), FORM_END])],
  [
    'a malformed part header after map',
    Buffer.concat([
      formPart('operations', operations),
      formPart('map', map),
      Buffer.from(`--graphkeep-test-boundary\r\nContent-Disposition form-data broken\r\n\r\nxx\r\n`),
      FORM_END,
    ]),
  ],
  [
    'the mapped file sent as Content-Disposition: attachment',
    Buffer.concat([
      formPart('operations', operations),
      formPart('map', map),
      Buffer.from(
        `--graphkeep-test-boundary\r\nContent-Disposition: attachment; name="0"; filename="cover.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      PNG,
      Buffer.from('\r\n'),
      FORM_END,
    ]),
  ],
  ['a file before operations and map', Buffer.concat([png(PNG), formPart('operations', operations), FORM_END])],
  ['operations that are not JSON', Buffer.concat([formPart('operations', '{ nope'), FORM_END])],
  ['no closing boundary at all', Buffer.concat([formPart('operations', operations), formPart('map', map)])],
];

/** Lets the server read what was sent before the client goes: only which path runs depends on it. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

async function abortAfter(
  url: string,
  body: Buffer | 'mid-headers',
  headers: Record<string, string> = {},
): Promise<void> {
  const client = new RawHttpClient(url);
  const head = multipartHead(whole.length + 1000, headers);
  if (body === 'mid-headers') await client.write(head.slice(0, head.length / 2));
  else await client.write(Buffer.concat([Buffer.from(head), body]));
  await settle();
  await client.abort();
}

async function sendBroken(url: string, body: Buffer) {
  const client = new RawHttpClient(url);
  await client.write(Buffer.concat([Buffer.from(multipartHead(body.length)), body]));
  return client.answer();
}

function writeApp(dir: string): Record<string, string> {
  const schemaFile = join(dir, 'schema.graphql');
  writeFileSync(schemaFile, SCHEMA);
  const permissionsDir = join(dir, 'permissions');
  mkdirSync(permissionsDir);
  for (const [type, rules] of Object.entries(PERMISSIONS))
    writeFileSync(join(permissionsDir, `${type}.json`), JSON.stringify(rules));
  return { SCHEMA_FILE: schemaFile, PERMISSIONS_DIR: permissionsDir };
}

/** docs/files.md: a broken upload is answered (or dropped) and the process serves on. */
describe('multipart requests broken at every stage: the process lives', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'graphkeep-multipart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test('aborted uploads, then truncated and malformed ones: /healthz and queries still answer, nothing is stored', async () => {
    const main = spawnServer({ DATA_DIR: dataDir, ...writeApp(dataDir) });
    const url = await main.listening;
    try {
      for (const [, body] of ABORTS) await abortAfter(url, body);
      const codes = documentedErrorCodes();
      for (const [what, body] of BROKEN) {
        const answer = await sendBroken(url, body);
        expect([what, answer.status]).toEqual([what, expect.any(Number)]);
        expect(answer.status).toBeLessThan(500);
        const errors = (JSON.parse(answer.body) as { errors?: { extensions?: { code?: string } }[] }).errors ?? [];
        // A part no variable maps is dropped: the query that came with it is answered.
        if (!what.startsWith('a part no variable maps')) expect([what, errors.length]).not.toEqual([what, 0]);
        for (const error of errors)
          expect([what, codes]).toEqual([what, expect.arrayContaining([error.extensions?.code])]);
      }
      expect(main.child.exitCode).toBeNull();
      expect((await fetch(url.replace('/graphql', '/healthz'))).status).toBe(200);
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ allPosts { totalCount } }' }),
      });
      expect(await response.json()).toEqual({ data: { allPosts: { totalCount: 0 } } });
      const files = (() => {
        try {
          return readdirSync(join(dataDir, 'files'));
        } catch {
          return [];
        }
      })();
      expect(files).toEqual([]);
    } finally {
      await main.stop();
    }
    expect(main.output().stderr).not.toMatch(/Unhandled|Unexpected end of/);
  }, 60_000);
});

type LogLine = { msg: string; requestId?: string; status?: number };

/** No handler is left waiting: each aborted upload ends with its request log line. */
describe('multipart requests broken at every stage: nothing is left pending', () => {
  let server: TestServer;
  const lines: LogLine[] = [];
  beforeAll(async () => {
    server = await startTestServer({
      schema: SCHEMA,
      permissions: PERMISSIONS,
      logStream: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
    });
  });
  afterAll(() => server.stop());

  test.each(ABORTS.map(([what, body], i) => [what, body, i] as const))(
    'aborted %s: the request ends and is logged',
    async (_what, body, i) => {
      const requestId = `aborted-upload-${i}`;
      await abortAfter(server.url, body, { 'x-request-id': requestId });
      // Half the headers never reach a handler.
      if (body === 'mid-headers') return;
      const line = await eventually(
        () => lines.find((line) => line.msg === 'request' && line.requestId === requestId),
        `the log line of ${requestId}`,
      );
      // No one was left to answer: logged as the client's doing, not the server's.
      expect(line.status).toBe(499);
    },
  );

  test('a JSON body cut off: the request ends and is logged as 499', async () => {
    const client = new RawHttpClient(server.url);
    await client.write(
      'POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 500\r\nx-request-id: aborted-json\r\n\r\n{"query":',
    );
    await settle();
    await client.abort();
    const line = await eventually(
      () => lines.find((line) => line.msg === 'request' && line.requestId === 'aborted-json'),
      'the log line of aborted-json',
    );
    expect(line.status).toBe(499);
  });

  test.each(BROKEN)('%s: answered, and nothing is stored', async (_what, body) => {
    const answer = await sendBroken(server.url, body);
    expect(answer.status).toBeLessThan(500);
    expect((await server.request('{ allPosts { totalCount } }')).data.allPosts.totalCount).toBe(0);
  });
});
