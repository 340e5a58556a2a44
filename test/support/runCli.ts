import { execFile } from 'node:child_process';
import { ROOT, tsxArguments } from './tsx';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one of the `npm run <name>` commands (`src/cli/<file>.ts`) as an operator would. */
export function runCli(file: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      tsxArguments(`src/cli/${file}`, args),
      { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'silent', ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}
