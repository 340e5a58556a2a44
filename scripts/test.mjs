// `npm test`: the type check, the lint and jest at once, instead of one after the other.
//
// All three are CPU-bound, so on two cores running them together only helps while one of them
// waits, but jest's workers often do (on spawned processes, browsers, sockets, timers), and the
// type check and the lint fill those gaps. Jest prints as it goes; the other two print when
// they end, and only if they fail. The exit code is 1 when any of them failed. Arguments go to
// jest (`npm test -- test/api`).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// Under `npm test`, npm names its own entry point; run directly, `npm` from the PATH.
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];

function run(name, command, args, { quiet }) {
  const started = Date.now();
  const child = spawn(command, args, { stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  let output = '';
  if (quiet) {
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
  }
  return new Promise((resolve) => {
    const seconds = () => Math.round((Date.now() - started) / 1000);
    child.on('error', (error) => resolve({ name, code: 1, output: `${error.message}\n`, seconds: seconds() }));
    child.on('close', (code, signal) => resolve({ name, code: code ?? (signal ? 1 : 0), output, seconds: seconds() }));
  });
}

const npmScript = (script) => run(script, npm[0], [...npm.slice(1), 'run', '--silent', script], { quiet: true });
const steps = await Promise.all([
  run('jest', process.execPath, [require.resolve('jest/bin/jest'), ...process.argv.slice(2)], { quiet: false }),
  npmScript('typecheck'),
  npmScript('lint'),
]);

for (const { name, code, output, seconds } of steps) {
  if (code !== 0 && output) process.stderr.write(`\n── ${name} failed ──\n${output}`);
  process.stderr.write(`${name}: ${code === 0 ? 'passed' : `failed (exit ${code})`}, ${seconds} s\n`);
}
process.exitCode = steps.some((step) => step.code !== 0) ? 1 : 0;
