import { fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config/loadConfig';
import { toGlobalId } from '../src/resolvers/globalIds';
import { startGraphkeep, type RunningGraphkeep } from '../src/server/startGraphkeep';
import type { FanoutResult, FanoutSpec } from './fanoutClient';
import { BENCH_PASSWORD, seedBenchData, USER_COUNT } from './seed';

/**
 * The fan-out case of `npm run bench` (docs/subscriptions.md): subscribers spread over the bench's 50
 * RELATION-filtered users, all on `subscribeToNote`; an admin writes notes authored by one
 * user at a fixed rate, so `SEEING` subscribers receive each event and the rest must judge
 * it and send nothing. Run at 100 and 1,000 subscribers: the cost of an event should stay
 * flat as the subscribers who do not see it grow.
 *
 * Latency: from the write's HTTP response to the event's arrival at a client (clamped at 0
 * when the event wins the race). CPU: this process's user+system time during the writes
 * (the server runs here; clients and writer run in a forked process), per delivered event.
 */
const SEEING = 20;

export interface FanoutOptions {
  subscriberCounts: number[];
  writesPerSecond: number;
  seconds: number;
}

export interface FanoutRow {
  subscribers: number;
  result: FanoutResult;
  cpuMs: number;
}

function runClients(spec: FanoutSpec, server: RunningGraphkeep): Promise<{ result: FanoutResult; cpuMs: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'fanoutClient.ts'), [JSON.stringify(spec)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let cpu: NodeJS.CpuUsage | undefined;
    child.on('message', (message: { subscribed?: boolean } & Partial<FanoutResult>) => {
      if (message.subscribed) {
        void (async () => {
          for (let attempt = 0; server.realtime.subscriptions() < spec.subscribers; attempt++) {
            if (attempt > 600)
              return reject(
                new Error(`only ${server.realtime.subscriptions()} of ${spec.subscribers} subscriptions came up`),
              );
            await new Promise((r) => setTimeout(r, 100));
          }
          cpu = process.cpuUsage();
          child.send({ go: true });
        })();
        return;
      }
      const used = process.cpuUsage(cpu);
      resolve({ result: message as FanoutResult, cpuMs: (used.user + used.system) / 1000 });
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`fanoutClient.ts exited with ${code}`));
    });
  });
}

async function login(url: string, username: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($u: String!, $p: String!) { loginUser(input: { username: $u, password: $p }) { token } }',
      variables: { u: username, p: BENCH_PASSWORD },
    }),
  });
  const body = (await response.json()) as { data?: { loginUser?: { token?: string } } };
  const token = body.data?.loginUser?.token;
  if (!token) throw new Error(`login of ${username} failed: ${JSON.stringify(body)}`);
  return token;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

export async function runFanout(options: FanoutOptions): Promise<FanoutRow[]> {
  const data = await seedBenchData(1000);
  const server = await startGraphkeep(loadConfig(data.env), { store: data.store, logger: pino({ level: 'silent' }) });
  try {
    const tokens: string[] = [];
    for (let i = 0; i < USER_COUNT; i++) tokens.push(await login(server.url, `bench-user-${i}`));
    const rows: FanoutRow[] = [];
    const specFor = (subscribers: number, seconds: number): FanoutSpec => ({
      url: server.url,
      adminToken: data.adminToken,
      seeingToken: tokens[0],
      otherTokens: tokens.slice(1),
      seeing: SEEING,
      subscribers,
      authorId: toGlobalId('User', data.benchUser.id),
      writesPerSecond: options.writesPerSecond,
      seconds,
    });
    // Warm-up (JIT, statement caches), thrown away: otherwise whichever count runs first pays for it.
    await runClients(specFor(options.subscriberCounts[0], 1), server);
    for (const subscribers of options.subscriberCounts) {
      const { result, cpuMs } = await runClients(specFor(subscribers, options.seconds), server);
      rows.push({ subscribers, result, cpuMs });
      console.log(
        `  fan-out ${String(subscribers).padStart(5)} subscribers: ${result.delivered}/${result.writes * SEEING} delivered, ${result.leaked} leaked, ` +
          `p50 ${percentile(result.latenciesMs, 0.5).toFixed(1)} ms, p99 ${percentile(result.latenciesMs, 0.99).toFixed(1)} ms, ` +
          `server CPU ${(cpuMs / result.writes).toFixed(2)} ms/write, ${(cpuMs / Math.max(1, result.delivered)).toFixed(3)} ms/delivered event`,
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return rows;
  } finally {
    await server.close();
    await data.store.close();
    rmSync(data.dataDir, { recursive: true, force: true });
  }
}

export function fanoutTable(rows: FanoutRow[]): string[] {
  const lines = ['subscribers  seeing  writes  delivered  leaked  p50 ms  p99 ms  CPU ms/write  CPU ms/event'];
  for (const { subscribers, result, cpuMs } of rows) {
    lines.push(
      `${String(subscribers).padStart(11)}  ${String(SEEING).padStart(6)}  ${String(result.writes).padStart(6)}  ${String(result.delivered).padStart(9)}  ` +
        `${String(result.leaked).padStart(6)}  ${percentile(result.latenciesMs, 0.5).toFixed(1).padStart(6)}  ${percentile(result.latenciesMs, 0.99).toFixed(1).padStart(6)}  ` +
        `${(cpuMs / result.writes).toFixed(2).padStart(12)}  ${(cpuMs / Math.max(1, result.delivered)).toFixed(3).padStart(12)}`,
    );
  }
  return lines;
}

if (require.main === module) {
  // `npx tsx bench/fanout.ts [subscriberCounts] [writesPerSecond] [seconds]`: the fan-out case alone.
  const [counts = '100,1000', rate = '100', seconds = '5'] = process.argv.slice(2);
  runFanout({
    subscriberCounts: counts.split(',').map(Number),
    writesPerSecond: Number(rate),
    seconds: Number(seconds),
  })
    .then((rows) => console.log(`\n${fanoutTable(rows).join('\n')}`))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
