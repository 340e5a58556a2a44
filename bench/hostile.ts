import { fork, spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { tsxArguments } from '../test/support/tsx';
import type { AttackKind, AttackResult, AttackSpec } from './hostileAttacker';
import { HOSTILE_PASSWORD, LEGIT_USERNAME, seedHostileData } from './hostileSeed';

/**
 * `npm run bench -- hostile`: a legitimate client's latency for a query and a login, first on
 * an idle server, then while an anonymous client (`bench/hostileAttacker.ts`, its own process
 * and address) sends the worst requests the limits allow: text filters, sign-up floods, and
 * uploads abandoned halfway. The server runs as `npm start` does, in production mode, in its
 * own process. Target (docs/limits.md): the legitimate client's p99 at most 3× its idle p99,
 * and none of its requests fails.
 *   npm run bench -- hostile [--seconds=10] [--connections=1] [--sign-up-batch=10]
 */
const QUERY = { query: '{ allNotes(first: 20) { edges { node { title } } } }' };
const LOGIN = {
  query: 'mutation($u: String!, $p: String!) { loginUser(input: { username: $u, password: $p }) { token } }',
  variables: { u: LEGIT_USERNAME, p: HOSTILE_PASSWORD },
};

interface Phase {
  name: string;
  attacks: AttackKind[];
  /** Connections per attack; by default `--connections`. */
  connections?: number;
}

const PHASES: Phase[] = [
  { name: 'idle', attacks: [] },
  { name: 'text filters', attacks: ['text-filters'] },
  { name: 'sign-up flood', attacks: ['sign-ups'] },
  { name: 'multipart aborts', attacks: ['multipart-aborts'] },
  { name: 'all three', attacks: ['text-filters', 'sign-ups', 'multipart-aborts'] },
  // The same client on four connections at once: what it costs when it saturates the CPU.
  { name: 'all three ×4 conn', attacks: ['text-filters', 'sign-ups', 'multipart-aborts'], connections: 4 },
];

interface Latencies {
  ms: number[];
  failures: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** One request of the legitimate client: its time, or null when it failed in any way. */
function timed(url: string, body: object, agent: Agent, expect: string): Promise<number | null> {
  const text = JSON.stringify(body);
  const started = performance.now();
  return new Promise((resolve) => {
    const outgoing = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
      },
      (response) => {
        let answer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (answer += chunk));
        response.on('error', () => resolve(null));
        response.on('end', () =>
          resolve(
            response.statusCode === 200 && !answer.includes('"errors"') && answer.includes(expect)
              ? performance.now() - started
              : null,
          ),
        );
      },
    );
    outgoing.on('error', () => resolve(null));
    outgoing.end(text);
  });
}

/** The legitimate client: one loop of queries and one of logins, each a request at a time, for `seconds`. */
async function legitimateClient(url: string, seconds: number): Promise<{ query: Latencies; login: Latencies }> {
  const until = Date.now() + seconds * 1000;
  const loop = async (body: object, expect: string): Promise<Latencies> => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const result: Latencies = { ms: [], failures: 0 };
    while (Date.now() < until) {
      const ms = await timed(url, body, agent, expect);
      if (ms === null) result.failures += 1;
      else result.ms.push(ms);
    }
    agent.destroy();
    return result;
  };
  const [query, login] = await Promise.all([loop(QUERY, '"edges"'), loop(LOGIN, '"token"')]);
  return { query, login };
}

function startAttack(spec: AttackSpec): { child: ChildProcess; result: Promise<AttackResult> } {
  const child = fork(join(__dirname, 'hostileAttacker.ts'), [JSON.stringify(spec)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const result = new Promise<AttackResult>((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim()) as AttackResult) : reject(new Error(`attacker exited ${code}`)),
    ),
  );
  return { child, result };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(latencies: Latencies): { p50: number; p99: number; max: number; n: number; failures: number } {
  const sorted = [...latencies.ms].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    n: sorted.length,
    failures: latencies.failures,
  };
}

async function waitForHealth(base: string, server: ChildProcess): Promise<void> {
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    const ok = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface HostileOptions {
  seconds: number;
  connections: number;
  signUpBatch: number;
}

export async function runHostileBench(options: HostileOptions): Promise<string[]> {
  const data = await seedHostileData();
  const port = await freePort();
  const { MONGODB_URI: _notHere, ...inherited } = process.env;
  const server = spawn(process.execPath, tsxArguments('src/main.ts'), {
    env: { ...inherited, ...data.env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const url = `${base}/graphql`;
  const rows = [
    'phase               query p50    p99    max  ×idle p99   login p50    p99    max  ×idle p99  legit failed  attacker sent (answers)',
  ];
  try {
    await waitForHealth(base, server);
    await legitimateClient(url, 1); // warm-up: JIT, statement cache, the first bcrypt
    let idle: { query: number; login: number } | undefined;
    for (const phase of PHASES) {
      const attackers = phase.attacks.map((kind) =>
        startAttack({
          url,
          kind,
          connections: phase.connections ?? options.connections,
          seconds: options.seconds + 1,
          signUpBatch: options.signUpBatch,
        }),
      );
      if (attackers.length > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
      const legit = await legitimateClient(url, options.seconds);
      const results = await Promise.all(attackers.map((a) => a.result));
      await waitForHealth(base, server);
      const query = summary(legit.query);
      const login = summary(legit.login);
      idle ??= { query: query.p99, login: login.p99 };
      const sent = results
        .map(
          (r) =>
            `${r.kind} ${r.sent} (${Object.entries(r.answers)
              .map(([code, n]) => `${code} ${n}`)
              .join(', ')})`,
        )
        .join('; ');
      const ms = (value: number, width: number) => value.toFixed(value < 100 ? 1 : 0).padStart(width);
      const row =
        `${phase.name.padEnd(19)} ${ms(query.p50, 9)} ${ms(query.p99, 6)} ${ms(query.max, 6)} ${(query.p99 / idle.query).toFixed(2).padStart(10)}  ` +
        `${ms(login.p50, 9)} ${ms(login.p99, 6)} ${ms(login.max, 6)} ${(login.p99 / idle.login).toFixed(2).padStart(10)}  ` +
        `${String(query.failures + login.failures).padStart(12)}  ${sent || '-'}`;
      console.log(`${row}   [${query.n} queries, ${login.n} logins]`);
      rows.push(row);
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(data.dataDir, { recursive: true, force: true });
  }
  return rows;
}

if (require.main === module) {
  const options = Object.fromEntries(
    process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]),
  );
  runHostileBench({
    seconds: Number(options.seconds ?? 10),
    connections: Number(options.connections ?? 1),
    signUpBatch: Number(options['sign-up-batch'] ?? 10),
  }).then(
    (rows) => console.log(`\n${rows.join('\n')}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
