import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config/loadConfig';
import { toGlobalId } from '../src/resolvers/globalIds';
import { startGraphkeep } from '../src/server/startGraphkeep';
import { SQLITE_FILE_NAME } from '../src/store/openStore';
import { countingStore } from '../test/support/countingStore';
import { startBareRelationsServer } from './bareRelations';
import { load, post, type ResponseData } from './client';
import type { LoadCase } from './load';
import { profiled, selfTimes } from './profile';
import { table, type Measured } from './report';
import { FEW_LINKS, FEW_OWNED, MANY_OWNED, RELATIONS_PASSWORD, seedRelationsData } from './relationsSeed';

/**
 * Relations at scale, at one size `n` (posts and comments each; at least 50,050): the cases of
 * the goals below, on one server, best of `rounds`.
 *   npx tsx bench/relations.ts --n=100000 --seconds=4 --warmup=1 --rounds=3
 * `--cases=flat-page,nested-page` runs only those; `--profile=nested-page` CPU-profiles their
 * first round (as `bench/run.ts` does).
 * `npm run bench` runs it after the list cases (skip it with `--relations=off`).
 */
const NESTED = `query { allPosts(first: 20) { edges { node { title
  comments(first: 5) { totalCount edges { node { text } } } tags(first: 5) { edges { node { name } } } } } } }`;
const FLAT = 'query { allPosts(first: 20) { edges { node { title } } } }';
const TAGGED = 'query($id: ID!) { getTag(id: $id) { posts(first: 20) { edges { node { title } } } } }';
const COMMENTS = 'query { allComments(first: 20) { edges { node { text } } } }';
const LOGIN = 'mutation($u: String!, $p: String!) { loginUser(input: { username: $u, password: $p }) { token } }';

/** A case on Graphkeep, or on the bare floor (`url` set, no token). */
interface RelationCase {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  token?: string;
  url?: string;
  check(data: ResponseData): boolean;
}

export interface RelationsBenchOptions {
  n: number;
  seconds: number;
  warmup: number;
  rounds: number;
  cases?: string[];
  profile?: string[];
}

export async function runRelationsBench(options: RelationsBenchOptions): Promise<string[]> {
  const started = Date.now();
  const data = await seedRelationsData(options.n);
  console.log(`relations N=${options.n}: seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const { wrap, counter } = countingStore();
  const server = await startGraphkeep(loadConfig(data.env), {
    store: wrap(data.store),
    logger: pino({ level: 'silent' }),
  });
  const bare = await startBareRelationsServer(join(data.dataDir, SQLITE_FILE_NAME));
  try {
    const login = async (username: string) =>
      (await post(server.url, { query: LOGIN, variables: { u: username, p: RELATIONS_PASSWORD } })).data?.loginUser
        .token as string;
    const [many, few] = [await login(data.users.many), await login(data.users.few)];
    const page = (path: (d: ResponseData) => ResponseData) => (d: ResponseData) => path(d).edges.length === 20;
    const nested = (d: ResponseData) =>
      d.allPosts.edges.every((e: ResponseData) => e.node.comments.totalCount === 5 && e.node.tags.edges.length >= 1);
    const allCases: RelationCase[] = [
      { name: 'flat-page', query: FLAT, token: data.adminToken, check: page((d) => d.allPosts) },
      { name: 'nested-page', query: NESTED, token: data.adminToken, check: nested },
      { name: 'bare-flat', query: FLAT, url: bare.url, check: page((d) => d.allPosts) },
      { name: 'bare-nested', query: NESTED, url: bare.url, check: nested },
      {
        name: 'm2m-1k',
        query: TAGGED,
        variables: { id: toGlobalId('Tag', data.tags.few) },
        token: data.adminToken,
        check: page((d) => d.getTag.posts),
      },
      {
        name: `m2m-${options.n / 1000}k`,
        query: TAGGED,
        variables: { id: toGlobalId('Tag', data.tags.all) },
        token: data.adminToken,
        check: page((d) => d.getTag.posts),
      },
      { name: `owner-${FEW_OWNED}`, query: COMMENTS, token: few, check: page((d) => d.allComments) },
      { name: `owner-${MANY_OWNED / 1000}k`, query: COMMENTS, token: many, check: page((d) => d.allComments) },
    ];
    const cases = allCases.filter((c) => !options.cases || options.cases.includes(c.name));
    const best = new Map<string, Measured>();
    for (let round = 0; round < options.rounds; round++) {
      for (const c of cases) {
        const body = { query: c.query, variables: c.variables ?? {} };
        counter.reset();
        const url = c.url ?? server.url;
        const one = await post(url, body, c.token);
        if (one.errors || !one.data || !c.check(one.data))
          throw new Error(`${c.name}: unexpected answer ${JSON.stringify(one).slice(0, 300)}`);
        const storeCalls = c.url ? undefined : counter.total();
        const spec: LoadCase = {
          url,
          body: JSON.stringify(body),
          headers: c.token ? { authorization: `Bearer ${c.token}` } : ({} as Record<string, string>),
          mustContain: '"edges"',
          seconds: options.seconds,
          warmupSeconds: options.warmup,
        };
        const result =
          options.profile?.includes(c.name) && round === 0 ? await profiledLoad(c.name, spec) : await load(spec);
        // Requests still in flight when the load stops must not land on the next case.
        do {
          counter.reset();
          await new Promise((resolve) => setTimeout(resolve, 300));
        } while (counter.total() > 0);
        console.log(
          `  round ${round + 1} ${c.name.padEnd(12)} ${result.requestsPerSecond.toFixed(0).padStart(5)} req/s  p50 ${result.latencyMs.p50} ms  mean ${result.latencyMs.mean.toFixed(2)} ms`,
        );
        const previous = best.get(c.name);
        if (!previous || result.latencyMs.mean < previous.result.latencyMs.mean)
          best.set(c.name, { n: options.n, name: c.name, result, storeCalls });
      }
    }
    const rows = cases.map((c) => best.get(c.name)!);
    const mean = (name: string) => best.get(name)!.result.latencyMs.mean;
    const goal = (label: string, [over, under]: [string, string], max: number) => {
      if (!best.has(over) || !best.has(under)) return [];
      const value = mean(over) / mean(under);
      return [`${label.padEnd(48)} ${value.toFixed(2).padStart(6)}  goal ≤ ${max}: ${value <= max ? 'met' : 'MISSED'}`];
    };
    return [
      ...table(rows),
      '',
      ...goal('nested/flat first-page latency', ['nested-page', 'flat-page'], 1.5),
      ...(best.has('bare-nested') && best.has('bare-flat')
        ? [
            `${'  the same on the bare floor (no goal)'.padEnd(48)} ${(mean('bare-nested') / mean('bare-flat')).toFixed(2).padStart(6)}`,
          ]
        : []),
      ...goal(
        `m2m page ${options.n / 1000}k/${FEW_LINKS / 1000}k links latency`,
        [`m2m-${options.n / 1000}k`, 'm2m-1k'],
        1.3,
      ),
      ...goal(
        `comments page, owner of ${MANY_OWNED / 1000}k/${FEW_OWNED} latency`,
        [`owner-${MANY_OWNED / 1000}k`, `owner-${FEW_OWNED}`],
        1.5,
      ),
    ];
  } finally {
    await server.close();
    await bare.close();
    await data.store.close();
    rmSync(data.dataDir, { recursive: true, force: true });
  }
}

async function profiledLoad(name: string, spec: Parameters<typeof load>[0]) {
  const file = join(tmpdir(), `graphkeep-bench-relations-${name}.cpuprofile`);
  const run = await profiled(file, () => load(spec));
  console.log(`  profile of ${name} (warm-up included) → ${file}; top self time:`);
  for (const t of selfTimes(run.profile).slice(0, 15))
    console.log(`    ${(t.share * 100).toFixed(1).padStart(5)}%  ${t.ms.toFixed(0).padStart(6)} ms  ${t.name}`);
  return run.result;
}

if (require.main === module) {
  const options = Object.fromEntries(
    process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]),
  );
  runRelationsBench({
    n: Number(options.n ?? 100_000),
    seconds: Number(options.seconds ?? 4),
    warmup: Number(options.warmup ?? 1),
    rounds: Number(options.rounds ?? 3),
    cases: options.cases?.split(','),
    profile: options.profile?.split(','),
  }).then(
    (lines) => console.log(`\n${lines.join('\n')}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
