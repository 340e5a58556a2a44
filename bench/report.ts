import type { LoadResult } from './load';

/** One case at one collection size. */
export interface Measured {
  n: number;
  name: string;
  result: LoadResult;
  /** Store calls one request of this case makes (counted with the wrapper, not estimated). */
  storeCalls?: number;
  /** Lowest and highest req/s over the rounds: how much the machine moved under the same code. */
  spread?: [number, number];
  /** req/s of each round, in round order (rounds are interleaved, so round i of two cases ran close together). */
  roundsRps?: number[];
}

/** Store calls of one page request, by viewer and page size: the goal is that size does not matter. */
export interface CallCount {
  n: number;
  viewer: string;
  first10: number;
  first100: number;
}

const size = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));
const pad = (text: string | number, width: number) => String(text).padStart(width);

export function table(rows: Measured[]): string[] {
  const lines = [
    `${'N'.padEnd(5)} ${'case'.padEnd(12)} ${pad('req/s', 7)} ${pad('p50 ms', 7)} ${pad('p99 ms', 7)} ${pad('mean ms', 8)} ${pad('calls/req', 9)} ${pad('bad', 4)}  rounds req/s`,
  ];
  for (const { n, name, result, storeCalls, spread } of rows) {
    lines.push(
      `${size(n).padEnd(5)} ${name.padEnd(12)} ${pad(result.requestsPerSecond.toFixed(0), 7)} ${pad(result.latencyMs.p50.toFixed(1), 7)} ` +
        `${pad(result.latencyMs.p99.toFixed(1), 7)} ${pad(result.latencyMs.mean.toFixed(2), 8)} ${pad(storeCalls ?? '-', 9)} ${pad(result.bad, 4)}  ${spread ? `${spread[0].toFixed(0)}–${spread[1].toFixed(0)}` : ''}`,
    );
  }
  return lines;
}

/**
 * The ratios the issue sets goals for. Latency ratios use autocannon's mean latency: its
 * percentiles are whole milliseconds, too coarse at these speeds to divide.
 */
export function ratios(rows: Measured[], calls: CallCount[]): string[] {
  const find = (n: number, name: string) => rows.find((row) => row.n === n && row.name === name)?.result;
  const sizes = [...new Set(rows.map((row) => row.n))].sort((a, b) => a - b);
  const lines: string[] = [];
  const line = (
    label: string,
    value: number | undefined,
    goal?: { max: number } | { min: number } | { equal: number },
  ) => {
    if (value === undefined || !Number.isFinite(value)) return;
    let verdict = '';
    if (goal && 'max' in goal) verdict = `goal ≤ ${goal.max}: ${value <= goal.max ? 'met' : 'MISSED'}`;
    if (goal && 'min' in goal) verdict = `goal ≥ ${goal.min}: ${value >= goal.min ? 'met' : 'MISSED'}`;
    if (goal && 'equal' in goal) verdict = `goal ${goal.equal.toFixed(1)}: ${value === goal.equal ? 'met' : 'MISSED'}`;
    lines.push(`${label.padEnd(48)} ${pad(value.toFixed(2), 6)}  ${verdict}`);
  };
  const latency = (n: number, name: string) => find(n, name)?.latencyMs.mean;
  const [smallest, largest] = [sizes[0], sizes[sizes.length - 1]];

  for (const viewer of ['admin', 'user']) {
    if (smallest !== largest) {
      line(
        `first page ${size(largest)}/${size(smallest)} latency (${viewer})`,
        ratio(latency(largest, `first-${viewer}`), latency(smallest, `first-${viewer}`)),
        { max: 1.3 },
      );
    }
  }
  // p50 here, as the goals are stated: these pages take milliseconds, so whole-ms percentiles divide well enough.
  const p50 = (n: number, name: string) => find(n, name)?.latencyMs.p50;
  if (smallest !== largest) {
    line(
      `counted first page ${size(largest)}/${size(smallest)} p50 (admin)`,
      ratio(p50(largest, 'count-admin'), p50(smallest, 'count-admin')),
      { max: 1.2 },
    );
    line(
      `counted first page ${size(largest)}/${size(smallest)} p50 (owner)`,
      ratio(p50(largest, 'count-user'), p50(smallest, 'count-user')),
      { max: 1.5 },
    );
  }
  for (const n of sizes)
    line(`counted/uncounted p50, owner of half @${size(n)}`, ratio(p50(n, 'count-heavy'), p50(n, 'first-heavy')), {
      max: 2,
    });
  for (const n of sizes)
    line(`RELATION/admin first-page latency @${size(n)}`, ratio(latency(n, 'first-user'), latency(n, 'first-admin')), {
      max: 1.2,
    });
  for (const viewer of ['admin', 'user']) {
    for (const n of sizes)
      line(
        `deep/first page latency (${viewer}) @${size(n)}`,
        ratio(latency(n, `deep-${viewer}`), latency(n, `first-${viewer}`)),
        { max: 1.2 },
      );
  }
  for (const count of calls)
    line(`store calls first:100/first:10 (${count.viewer}) @${size(count.n)}`, count.first100 / count.first10, {
      equal: 1,
    });
  // Per round, then the median: round i of both ran minutes apart at most, so a slow spell of
  // the machine lands on both sides of one ratio instead of on one side of the best-of ratio.
  const rounds = (n: number, name: string) => rows.find((row) => row.n === n && row.name === name)?.roundsRps;
  for (const n of sizes) {
    line(
      `Graphkeep/bare req/s (first page, admin) @${size(n)}`,
      medianRatio(rounds(n, 'first-admin'), rounds(n, 'bare-first')),
      { min: 0.8 },
    );
  }
  return lines;
}

/** The median over rounds of `a[i] / b[i]`. */
export function medianRatio(a: number[] | undefined, b: number[] | undefined): number | undefined {
  if (!a || !b || a.length === 0 || a.length !== b.length) return undefined;
  const each = a.map((value, i) => value / b[i]).sort((x, y) => x - y);
  const middle = Math.floor(each.length / 2);
  return each.length % 2 === 1 ? each[middle] : (each[middle - 1] + each[middle]) / 2;
}

function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a / b;
}
