import { connect, received, serving, subscribe } from '../support/subscriptions';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp } from '../support/users';

const TOKEN = 'metrics-scrape-token-0123456789';

/** `GET /metrics` as Prometheus scrapes it: text lines `name{labels} value`. */
async function scrape(server: TestServer, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) {
  const response = await fetch(new URL('/metrics', server.url), { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The value of one series, or undefined. */
function valueOf(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Every label value of `name`'s series. */
function labelValues(text: string, name: string, label: string): string[] {
  const pattern = new RegExp(`^${name}\\{[^}]*\\b${label}="([^"]*)"`, 'gm');
  return [...text.matchAll(pattern)].map((match) => match[1]);
}

describe('GET /metrics is off unless configured', () => {
  test('by default: not found, like any unknown path', async () => {
    const server = await startTestServer();
    try {
      expect((await scrape(server, {})).status).toBe(404);
    } finally {
      await server.stop();
    }
  });

  test('METRICS=public: anyone who reaches the port reads it', async () => {
    const server = await startTestServer({ env: { METRICS: 'public' } });
    try {
      const { status, headers, text } = await scrape(server, {});
      expect(status).toBe(200);
      expect(headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(text).toContain('# TYPE graphkeep_graphql_requests_total counter');
    } finally {
      await server.stop();
    }
  });

  test('a short METRICS_TOKEN, or a token with METRICS=public, stops the start', async () => {
    await expect(startTestServer({ env: { METRICS_TOKEN: 'short' } })).rejects.toThrow(/METRICS_TOKEN: at least 16/);
    await expect(startTestServer({ env: { METRICS_TOKEN: TOKEN, METRICS: 'public' } })).rejects.toThrow(
      /METRICS: public and METRICS_TOKEN exclude each other/,
    );
  });
});

describe('GET /metrics with METRICS_TOKEN, after traffic', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      env: { METRICS_TOKEN: TOKEN, LOGIN_MAX_FAILURES: '1' },
      permissions: 'example',
    });
  });
  afterAll(() => server.stop());

  test('needs the token: none or a wrong one is 401 with a Bearer challenge', async () => {
    for (const headers of [{}, { authorization: `Bearer ${TOKEN}x` }, { authorization: TOKEN }] as Record<
      string,
      string
    >[]) {
      const { status, headers: answer, text } = await scrape(server, headers);
      expect(status).toBe(401);
      expect(answer.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(text).not.toContain('graphkeep_');
    }
  });

  test('counters move with traffic: operations by name and outcome, latency, store calls, throttle hits', async () => {
    const before = (await scrape(server)).text;
    const ada = await signUp(server, 'ada-metrics');
    await server.request('query PostsPage { allPosts(first: 2) { totalCount } }');
    await server.request('query PostsPage { allPosts(first: 2) { totalCount } }');
    await server.request('query TooBig { allPosts(first: 500) { totalCount } }');
    for (let attempt = 0; attempt < 3; attempt++)
      await server.request(
        `mutation LogIn { loginUser(input: { username: "ada-metrics", password: "wrong password" }) { token } }`,
      );
    const after = (await scrape(server)).text;

    const requests = (operation: string, code: string) =>
      valueOf(after, `graphkeep_graphql_requests_total{operation="${operation}",code="${code}"}`);
    expect(requests('PostsPage', 'OK')).toBe(2);
    expect(requests('TooBig', 'BAD_USER_INPUT')).toBe(1);
    expect(requests('LogIn', 'UNAUTHENTICATED')).toBeGreaterThanOrEqual(1);
    expect(requests('LogIn', 'TOO_MANY_REQUESTS')).toBeGreaterThanOrEqual(1);
    expect(requests('anonymous', 'OK')).toBeGreaterThanOrEqual(1); // the sign-up has no operation name
    expect(valueOf(after, 'graphkeep_graphql_request_duration_seconds_count{operation="PostsPage"}')).toBe(2);
    expect(valueOf(before, 'graphkeep_login_throttle_hits_total{limit="account"}') ?? 0).toBe(0);
    expect(valueOf(after, 'graphkeep_login_throttle_hits_total{limit="account"}')).toBeGreaterThanOrEqual(1);
    const storeCalls = labelValues(after, 'graphkeep_store_call_duration_seconds_count', 'call');
    expect(storeCalls).toEqual(expect.arrayContaining(['find', 'count', 'insert']));
    expect(labelValues(after, 'graphkeep_store_call_duration_seconds_count', 'collection')).toContain('Post');
    // Node's own process metrics sit beside ours.
    expect(after).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(after).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(valueOf(after, 'graphkeep_password_hash_queue_depth')).toBe(0);
    // No label holds an id, a user name or an address.
    expect(after).not.toContain(ada.id);
    expect(after).not.toContain('ada-metrics');
    expect(after).not.toContain('127.0.0.1');
  });

  test('operation names are bounded: past 100 distinct names, new ones count as other', async () => {
    for (let index = 0; index < 120; index++) await server.request(`query Name${index} { viewer { user { id } } }`);
    await server.request(`query ${'L'.repeat(70)} { viewer { user { id } } }`);
    const operations = new Set(
      labelValues((await scrape(server)).text, 'graphkeep_graphql_requests_total', 'operation'),
    );
    expect(operations.size).toBeLessThanOrEqual(102); // 100 names, anonymous and other
    expect(operations).toContain('other');
    expect(operations).not.toContain('Name119');
    expect(operations).not.toContain('L'.repeat(70));
  });

  test('WebSocket connections, subscriptions and event delivery lag', async () => {
    const ada = await signUp(server, 'ada-sockets');
    const socket = connect(server.url, { token: ada.token });
    const subscription = subscribe(socket, 'subscription { subscribeToPost(mutations: [CREATE]) { mutation } }');
    try {
      await serving(server, 1);
      const live = (await scrape(server)).text;
      expect(valueOf(live, 'graphkeep_websocket_connections')).toBe(1);
      expect(valueOf(live, 'graphkeep_subscriptions')).toBe(1);
      await server.request(
        `mutation { createPost(input: { title: "t", slug: "metrics-lag", authorId: "${ada.id}" }) { clientMutationId } }`,
        {},
        ada.token,
      );
      await received(subscription, 1);
      const lagged = (await scrape(server)).text;
      expect(valueOf(lagged, 'graphkeep_subscription_delivery_lag_seconds_count')).toBeGreaterThanOrEqual(1);
    } finally {
      subscription.stop();
      await socket.dispose();
    }
  });
});
