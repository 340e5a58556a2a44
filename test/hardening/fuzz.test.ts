import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { documentedErrorCodes } from '../support/documentedErrorCodes';
import { RawHttpClient } from '../support/rawHttp';
import { spawnServer } from '../support/spawnServer';
import {
  FUZZ_PERMISSIONS,
  FUZZ_SCHEMA,
  jsonRequest,
  multipartRequest,
  random,
  socketCase,
  type HttpCase,
  type SocketCase,
} from './fuzzCases';

/** `npm run fuzz -- --count 5000` for thousands (FUZZ_COUNT); `--seed` (FUZZ_SEED) replays another run. */
const COUNT = Number(process.env.FUZZ_COUNT ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const AT_ONCE = 8;
// Room for thousands of cases when asked for them (about 7 ms each here).
jest.setTimeout(Math.max(300_000, COUNT * 200));

/** What a client may see a WebSocket closed with: the protocol's codes for its own mistakes, never 4500 or 1011. */
const CLIENT_CLOSES = new Set([1000, 1001, 1005, 1006, 1007, 1009, 4400, 4401, 4403, 4408, 4409, 4413, 4429]);
/** Messages that say something of the server's insides rather than the request. */
const INTERNAL =
  /Maximum call stack|RangeError|TypeError|ReferenceError|is not a function|Cannot read prop|undefined is not|internal server error|ECONN|\bat \S+ \(\//i;

type Answer = { errors?: { message?: string; extensions?: { code?: string } }[]; data?: unknown };

/**
 * docs/limits.md, docs/errors.md, through the three doors: JSON (POST and GET), multipart
 * uploads and WebSocket, with seeded random requests, hostile and malformed, and some that
 * should succeed. The server runs as its own process. It must live; no answer may be a 5xx,
 * no socket closed with 4500, no code undocumented or INTERNAL_SERVER_ERROR, no message the
 * server's insides; and what is stored is exactly what was answered as stored.
 */
describe('fuzz: three doors, seeded', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'graphkeep-fuzz-'));
  // Stopped here as well, so a run that throws midway leaves no server behind.
  let server: ReturnType<typeof spawnServer> | undefined;
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test(`${COUNT} generated requests (seed ${SEED}): the process lives, every answer is documented, refusals store nothing`, async () => {
    const schemaFile = join(dataDir, 'schema.graphql');
    writeFileSync(schemaFile, FUZZ_SCHEMA);
    const permissionsDir = join(dataDir, 'permissions');
    mkdirSync(permissionsDir);
    for (const [type, rules] of Object.entries(FUZZ_PERMISSIONS))
      writeFileSync(join(permissionsDir, `${type}.json`), JSON.stringify(rules));
    const main = (server = spawnServer({
      DATA_DIR: dataDir,
      SCHEMA_FILE: schemaFile,
      PERMISSIONS_DIR: permissionsDir,
      MAX_BODY_BYTES: '200000',
      WS_MAX_CONNECTIONS_PER_USER: '100',
    }));
    const url = await main.listening;
    const codes = new Set(documentedErrorCodes());
    const problems: string[] = [];
    let stored = 0;
    let storedFiles = 0;
    const tally = new Map<string, number>();
    const count = (what: string) => tally.set(what, (tally.get(what) ?? 0) + 1);

    /** Checks one answer's errors; returns how many posts it says it stored. */
    const judge = (where: string, answer: Answer, writes: number): number => {
      for (const error of answer.errors ?? []) {
        const code = error.extensions?.code ?? 'none';
        count(code);
        if (!codes.has(code) || code === 'INTERNAL_SERVER_ERROR')
          problems.push(`${where}: code ${code}: ${error.message}`);
        if (INTERNAL.test(error.message ?? '')) problems.push(`${where}: internal message: ${error.message}`);
      }
      const data = answer.data as {
        createPost?: { changedPost?: unknown };
        createManyPosts?: { changedPosts?: unknown[] };
      } | null;
      const said = (data?.createPost?.changedPost ? 1 : 0) + (data?.createManyPosts?.changedPosts?.length ?? 0);
      if (said > writes) problems.push(`${where}: stored ${said}, expected at most ${writes}`);
      return said;
    };

    const http = async (where: string, request: HttpCase & { files?: number; abortAt?: number }) => {
      if (request.abortAt !== undefined) {
        const client = new RawHttpClient(url);
        const body = request.body as Buffer;
        const head = `POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: multipart/form-data; boundary=graphkeep-test-boundary\r\napollo-require-preflight: 1\r\ncontent-length: ${body.length}\r\n\r\n`;
        await client
          .write(Buffer.concat([Buffer.from(head), body.subarray(0, request.abortAt)]))
          .catch(() => undefined);
        await client.abort();
        count('aborted');
        return;
      }
      let response: { status: number; headers: { get(name: string): string | null } };
      let text: string;
      if (request.target !== undefined) {
        const client = new RawHttpClient(url);
        await client.write(`GET ${request.target} HTTP/1.1\r\nhost: x\r\naccept: application/json\r\n\r\n`);
        const answer = await client.answer();
        await client.abort();
        response = { status: answer.status ?? 0, headers: { get: (name) => answer.headers[name] ?? null } };
        text = answer.body;
      } else {
        const fetched = await fetch(`${url}${request.search ?? ''}`, {
          method: request.method,
          headers: request.headers,
          body: request.body,
        });
        response = fetched;
        text = await fetched.text();
      }
      count(`http ${response.status}`);
      if (response.status >= 500) problems.push(`${where}: HTTP ${response.status}: ${text.slice(0, 300)}`);
      let answer: Answer = {};
      // Node refuses headers over its 16 KiB limit itself (431, no body); a browser's GET gets GraphiQL.
      const html = (response.headers.get('content-type') ?? '').startsWith('text/html');
      if (response.status !== 431 && !html) {
        try {
          answer = JSON.parse(text) as Answer;
        } catch {
          problems.push(`${where}: HTTP ${response.status}, not JSON: ${text.slice(0, 100)}`);
        }
      }
      const said = judge(
        `${where} (${request.method} ${JSON.stringify(request.headers)} ${String(request.search ?? request.body).slice(0, 200)})`,
        answer,
        request.writes,
      );
      stored += said;
      if (said > 0 && request.files) storedFiles += said;
    };

    const socket = (where: string, session: SocketCase) =>
      new Promise<void>((resolve) => {
        const ws = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
        let acked = false;
        let sent = false;
        const finish = (code?: number) => {
          if (code !== undefined) {
            count(`close ${code}`);
            if (!CLIENT_CLOSES.has(code)) problems.push(`${where}: closed with ${code}`);
          }
          ws.removeAllListeners();
          ws.on('error', () => undefined);
          ws.terminate();
          resolve();
        };
        ws.on('error', () => undefined);
        ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: session.connectionParams })));
        ws.on('close', (code) => finish(code));
        ws.on('message', (data) => {
          const message = JSON.parse(String(data)) as { type: string; id?: string; payload?: unknown };
          if (message.type === 'connection_ack' && !acked) {
            acked = true;
            for (const frame of session.before) ws.send(frame);
            ws.send(`{"type":"subscribe","id":"fuzz","payload":${session.operation.json}}`);
            sent = true;
            // A subscription never completes by itself: once the server has answered a ping sent
            // behind it, the client ends it.
            if (session.operation.subscription) ws.send('{"type":"ping"}');
            return;
          }
          if (message.type === 'pong' && session.operation.subscription) {
            ws.send('{"type":"complete","id":"fuzz"}');
            return ws.close();
          }
          if (message.type === 'error')
            for (const error of message.payload as Answer['errors'] & object) judge(where, { errors: [error] }, 0);
          if (message.type === 'next') {
            stored += judge(where, message.payload as Answer, message.id === 'fuzz' ? session.operation.writes : 0);
          }
          if (sent && message.id === 'fuzz' && (message.type === 'error' || message.type === 'complete')) {
            for (const frame of session.after) ws.send(frame);
            ws.close();
          }
        });
      });

    // The slug generated writes conflict on.
    const seeded = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation { createPost(input: { title: "taken", slug: "fz-taken" }) { changedPost { id } } }',
      }),
    });
    stored += judge('seed', (await seeded.json()) as Answer, 1);
    const r = random(SEED);
    for (let done = 0; done < COUNT; done += AT_ONCE) {
      await Promise.all(
        Array.from({ length: Math.min(AT_ONCE, COUNT - done) }, (_, i) => {
          const where = `case ${done + i}`;
          const door = r.next();
          if (door < 0.5) return http(where, jsonRequest(r));
          if (door < 0.75) return http(where, multipartRequest(r));
          return socket(where, socketCase(r));
        }),
      );
    }

    const summary = [...tally].sort(([a], [b]) => a.localeCompare(b)).map(([what, n]) => `${what}×${n}`);
    console.log(
      `fuzz: ${COUNT} cases (seed ${SEED}), ${stored} posts and ${storedFiles} files stored → ${summary.join(' ')}`,
    );
    try {
      expect(problems.slice(0, 20)).toEqual([]);
      expect(main.child.exitCode).toBeNull();
      expect((await fetch(url.replace('/graphql', '/healthz'))).status).toBe(200);
      const total = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ allPosts { totalCount } }' }),
      });
      // Stored is exactly what was answered as stored: nothing refused, nothing unanswered.
      expect(((await total.json()) as { data: { allPosts: { totalCount: number } } }).data.allPosts.totalCount).toBe(
        stored,
      );
      const files = (() => {
        try {
          return readdirSync(join(dataDir, 'files'));
        } catch {
          return [];
        }
      })();
      expect(files.length).toBe(storedFiles);
    } finally {
      await main.stop();
    }
    expect(main.output().stderr).not.toMatch(/Unhandled|uncaught/i);
  });
});
