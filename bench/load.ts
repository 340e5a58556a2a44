import autocannon from 'autocannon';

/**
 * The load generator, run as its own process (`bench/run.ts` forks it) so the client's CPU is
 * not the server's event loop: the numbers are the server's, not autocannon's.
 *
 *   npx tsx bench/load.ts '{"url":"http://127.0.0.1:4000/graphql","body":"{…}","headers":{},"mustContain":"edges"}'
 *
 * Prints one line of JSON (`LoadResult`) on stdout.
 */
export interface LoadCase {
  url: string;
  /** The JSON request body, sent as a POST. */
  body: string;
  headers: Record<string, string>;
  /** A response counts as good only if it has no `"errors"` and contains this text. */
  mustContain: string;
  connections?: number;
  warmupSeconds?: number;
  seconds?: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; mean: number };
  requests: number;
  /** Non-2xx, socket errors, timeouts and bodies that failed the check: must all be 0. */
  bad: number;
}

function fire(spec: LoadCase, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: spec.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...spec.headers },
    body: spec.body,
    connections: spec.connections ?? 10,
    duration: seconds,
    // A GraphQL error still answers 200, so the status alone would count failures as successes.
    verifyBody: (body) => body !== undefined && !body.includes('"errors"') && body.includes(spec.mustContain),
  });
}

export async function runLoad(spec: LoadCase): Promise<LoadResult> {
  // Warm-up: JIT, statement cache, SQLite page cache; its numbers are thrown away.
  if ((spec.warmupSeconds ?? 1) > 0) await fire(spec, spec.warmupSeconds ?? 1);
  const result = await fire(spec, spec.seconds ?? 5);
  return {
    requestsPerSecond: result.requests.average,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, mean: result.latency.average },
    requests: result.requests.total,
    bad: result.non2xx + result.errors + result.timeouts + result.mismatches,
  };
}

if (require.main === module) {
  runLoad(JSON.parse(process.argv[2]) as LoadCase).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
