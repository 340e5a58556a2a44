/* global fetch, URL -- Node 18 and later have both */
// The compiled server, as the image runs it, under the Node running this script: start
// `node dist/main.js` in APP_DIR on the embedded store, answer /healthz, a sign-up (bcrypt,
// SQLite), a query with its token, one with a token from the compiled admin-token command, and
// a metrics scrape;
// then stop on SIGTERM with exit code 0. Usage: node .ci/smoke.mjs APP_DIR
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const app = process.argv[2];
const dataDir = mkdtempSync(join(tmpdir(), 'graphkeep-smoke-'));
const env = {
  PATH: process.env.PATH,
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  PORT: '0',
  DATA_DIR: dataDir,
  JWT_SECRET: 'smoke-test-secret-that-is-long-enough-000000',
  LOG_LEVEL: 'info',
  METRICS_TOKEN: 'smoke-test-metrics-token-0000',
};

function check(condition, what, detail) {
  if (!condition) throw new Error(`${what}: ${JSON.stringify(detail)}`);
}

const server = spawn(process.execPath, ['dist/main.js'], { cwd: app, env, stdio: ['ignore', 'pipe', 'inherit'] });
const exited = new Promise((resolve) => server.on('exit', (code, signal) => resolve({ code, signal })));
try {
  const url = await new Promise((resolve, reject) => {
    let output = '';
    server.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /"url":"([^"]+)"/.exec(output);
      if (match) resolve(match[1]);
    });
    void exited.then((how) =>
      reject(new Error(`the server exited before listening: ${JSON.stringify(how)}\n${output}`)),
    );
  });
  const post = async (query, token) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, ...(await response.json()) };
  };

  const health = await fetch(new URL('/healthz', url));
  check(health.status === 200, '/healthz', health.status);
  const signUp = await post(
    'mutation { createUser(input: { username: "smoke", password: "smoke test password" }) { token } }',
  );
  check(signUp.data?.createUser?.token, 'createUser', signUp);
  const viewer = await post('{ viewer { user { username } } }', signUp.data.createUser.token);
  check(viewer.data?.viewer?.user?.username === 'smoke', 'viewer', viewer);

  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['dist/cli/adminToken.js', 'create', '--name', 'smoke'],
    {
      cwd: app,
      env,
    },
  );
  const adminToken = stdout.trim().split('\n').pop();
  const asAdmin = await post('{ allUsers(first: 5) { totalCount } }', adminToken);
  check(asAdmin.data?.allUsers?.totalCount === 1, 'allUsers with an admin token', asAdmin);

  const metrics = await fetch(new URL('/metrics', url), { headers: { authorization: `Bearer ${env.METRICS_TOKEN}` } });
  const scraped = await metrics.text();
  check(
    metrics.status === 200 && /^graphkeep_graphql_requests_total\{/m.test(scraped),
    '/metrics',
    scraped.slice(0, 200),
  );
  check(/^nodejs_eventloop_lag_seconds /m.test(scraped), "Node's process metrics", scraped.slice(0, 200));

  server.kill('SIGTERM');
  const how = await exited;
  check(how.code === 0, 'exit after SIGTERM', how);
  console.log(
    `smoke: Node ${process.version}: the compiled server, admin-token and /metrics answered; stopped cleanly`,
  );
} finally {
  if (server.exitCode === null) server.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
}
