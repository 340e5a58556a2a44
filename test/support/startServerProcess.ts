import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface ServerProcess {
  child: ChildProcess;
  /** The GraphQL URL, once the process logs that it listens. */
  url: Promise<string>;
  exited: Promise<number | null>;
  output(): { stdout: string; stderr: string };
  /** SIGTERM, then wait for the exit. */
  stop(): Promise<number | null>;
}

/** `npm start` as an operator runs it: the real entry point (`src/main.ts`) in its own process. */
export function startServerProcess(env: Record<string, string>): ServerProcess {
  // The store is the test's choice: a MONGODB_URI set for the conformance run must not move
  // this process off the DATA_DIR the test shares with its in-process servers.
  const { MONGODB_URI: _conformanceRun, ...inherited } = process.env;
  const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'src', 'main.ts')], {
    cwd: ROOT, env: { ...inherited, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', NODE_ENV: 'development', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => { stdout += chunk; });
  child.stderr!.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const match = /"url":"([^"]+)"/.exec(stdout);
      if (match) resolve(match[1]);
    });
    void exited.then(() => reject(new Error(`exited before listening: ${stderr}`)));
  });
  url.catch(() => undefined); // a test of a failed start never awaits it
  return {
    child, url, exited,
    output: () => ({ stdout, stderr }),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
