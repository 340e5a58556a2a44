import { execFile } from 'node:child_process';
import type { Command, Output } from '../../src/cli/command';
import { ROOT, tsxArguments } from './tsx';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs one of the `npm run <name>` commands (`src/cli/<file>.ts`) in this process: its
 * `run(argv, io)` with the test's environment over the process's, and its output captured.
 */
export async function runCli(file: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  const { run } = (await import(`../../src/cli/${file}`)) as { run: Command };
  const stdout = captured();
  const stderr = captured();
  const code = await run(args, { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** The same command in a process of its own, as an operator runs it: the wrapper, the exit code, the streams. */
export function spawnCli(file: string, args: string[], env: Record<string, string>): Promise<CliResult> {
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

function captured(): Output & { text: string } {
  const output = {
    text: '',
    write(chunk: string) {
      output.text += chunk;
      return true;
    },
  };
  return output;
}
