// `npm run fuzz -- --count 5000 [--seed N]`: the seeded fuzzer of `npm test`
// (test/hardening/fuzz.test.ts) with more cases, or another sequence to replay.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const USAGE = `usage: npm run fuzz -- [--count N] [--seed N]
  --count N  how many requests to generate (npm test runs 300)
  --seed N   the sequence to generate; a failing run prints its seed, to replay it`;

let values;
try {
  ({ values } = parseArgs({
    options: { count: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  }));
} catch (error) {
  console.error(`${error.message}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
for (const name of ['count', 'seed']) {
  if (values[name] !== undefined && !/^\d+$/.test(values[name])) {
    console.error(`--${name} must be a whole number\n${USAGE}`);
    process.exit(2);
  }
}
const env = { ...process.env };
if (values.count) env.FUZZ_COUNT = values.count;
if (values.seed) env.FUZZ_SEED = values.seed;
const jest = spawnSync('npx', ['jest', 'test/hardening/fuzz.test.ts'], { stdio: 'inherit', env });
process.exit(jest.status ?? 1);
