import { spawn } from 'node:child_process';
import { ROOT, tsxArguments } from './tsx';

/** `npm start` in a process of its own, as an operator runs a second API process. */
export function spawnServer(env: Record<string, string>) {
  // The store is the test's choice: a MONGODB_URI set for the conformance run must not move
  // this process off the DATA_DIR the test shares with its in-process servers.
  const { MONGODB_URI: _conformanceRun, ...inherited } = process.env;
  const child = spawn(process.execPath, tsxArguments('src/main.ts'), {
    cwd: ROOT,
    env: { ...inherited, PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'development', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /"url":"([^"]+)"/.exec(stdout);
      if (match) resolve(match[1]);
    });
    void exited.then(() => reject(new Error(`exited before listening: ${stderr}`)));
  });
  listening.catch(() => undefined);
  /** SIGTERM, then the exit code. */
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    return exited;
  };
  return { child, exited, listening, output: () => ({ stdout, stderr }), stop };
}
