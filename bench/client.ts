import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { LoadCase, LoadResult } from './load';

/** What the bench reads of a GraphQL answer; its cases check shapes loosely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ResponseData = Record<string, any>;

/** One GraphQL request over HTTP, as a client sends it. */
export async function post(
  url: string,
  body: object,
  token?: string,
): Promise<{ data?: ResponseData; errors?: unknown[] }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return (await response.json()) as { data?: ResponseData; errors?: unknown[] };
}

/** Runs `bench/load.ts` in its own process, so the load never shares the server's event loop, and reads its one line of JSON. */
export function load(spec: LoadCase): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'load.ts'), [JSON.stringify(spec)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop()!) as LoadResult)
        : reject(new Error(`load.ts exited with ${code}`)),
    );
  });
}
