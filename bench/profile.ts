import { writeFileSync } from 'node:fs';
import { Session, type Profiler } from 'node:inspector';

/**
 * V8's CPU profiler (what `node --cpu-prof` runs) started and stopped around one case only,
 * through the inspector, so seeding and the other cases stay out of the profile. The server
 * runs in this process and the load in another, so the samples are the server's work.
 */
export async function profiled<T>(
  file: string,
  work: () => Promise<T>,
): Promise<{ result: T; profile: Profiler.Profile }> {
  const session = new Session();
  session.connect();
  const post = <R>(method: string, params?: object) =>
    new Promise<R>((resolve, reject) =>
      session.post(method, params ?? {}, (error, value) => (error ? reject(error) : resolve(value as R))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
  try {
    const result = await work();
    const { profile } = await post<{ profile: Profiler.Profile }>('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    return { result, profile };
  } finally {
    session.disconnect();
  }
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

/** Self time per function (name, file, line), largest first; `(idle)` is left out of the shares. */
export function selfTimes(profile: Profiler.Profile): SelfTime[] {
  const byNode = new Map<number, Profiler.ProfileNode>(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const frame = byNode.get(samples[i])!.callFrame;
    const where = frame.url ? ` ${shortUrl(frame.url)}:${frame.lineNumber + 1}` : '';
    const name = `${frame.functionName || '(anonymous)'}${where}`;
    // A sample's time is the gap to the next one (timeDeltas[i + 1]), as DevTools counts it.
    totals.set(name, (totals.get(name) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  }
  const busy = [...totals].filter(([name]) => name !== '(idle)').reduce((sum, [, ms]) => sum + ms, 0);
  return [...totals]
    .filter(([name]) => name !== '(idle)')
    .map(([name, ms]) => ({ name, ms, share: ms / busy }))
    .sort((a, b) => b.ms - a.ms);
}

function shortUrl(url: string): string {
  const at = url.lastIndexOf('/node_modules/');
  if (at >= 0) return url.slice(at + '/node_modules/'.length);
  const src = url.indexOf('/src/');
  return src >= 0 ? url.slice(src + 1) : url.replace(/^file:\/\//, '');
}
