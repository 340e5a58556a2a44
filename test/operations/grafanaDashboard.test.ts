import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer } from '../support/startTestServer';

interface Dashboard {
  uid: string;
  panels: { title: string; targets: { expr: string }[] }[];
}

const dashboard = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'deploy', 'grafana-dashboard.json'), 'utf8'),
) as Dashboard;

/** PromQL words that are not metric names. */
const PROMQL = new Set([
  'sum',
  'max',
  'by',
  'rate',
  'increase',
  'histogram_quantile',
  'le',
  'operation',
  'code',
  'call',
  'collection',
  'instance',
  'limit',
]);

describe('deploy/grafana-dashboard.json', () => {
  test('every query names only metrics a running server exposes, and each graphkeep metric has a panel', async () => {
    const server = await startTestServer({ env: { METRICS: 'public' } });
    let exposed: Set<string>;
    try {
      await server.request('{ viewer { user { id } } }');
      const text = await (await fetch(new URL('/metrics', server.url))).text();
      // Series lines, and what `# TYPE` declares (a labelled metric has no series until first used).
      const declared = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].flatMap(([, name, type]) =>
        type === 'histogram' ? [`${name}_bucket`, `${name}_count`, `${name}_sum`] : [name],
      );
      const series = [...text.matchAll(/^([a-z_:][a-z0-9_:]*)[{ ]/gm)].map((match) => match[1]);
      exposed = new Set([...declared, ...series]);
    } finally {
      await server.stop();
    }
    const queried = new Set(
      dashboard.panels
        .flatMap((panel) => panel.targets.map((target) => target.expr))
        .flatMap((expr) =>
          [...expr.replace(/\{[^}]*\}|\[[^\]]*\]|"[^"]*"/g, '').matchAll(/[a-z_][a-z0-9_]*/g)].map((m) => m[0]),
        )
        .filter((word) => !PROMQL.has(word) && !/^\d/.test(word)),
    );
    expect([...queried].filter((name) => !exposed.has(name))).toEqual([]);
    const ours = [...exposed]
      .filter((name) => name.startsWith('graphkeep_'))
      .map((name) => name.replace(/_(bucket|count|sum)$/, ''));
    const panelled = [...queried].map((name) => name.replace(/_(bucket|count|sum)$/, ''));
    expect([...new Set(ours)].filter((name) => !panelled.includes(name))).toEqual([]);
  });
});
