import { loadConfig } from '../../src/config/loadConfig';
import { startGraphkeep } from '../../src/server/startGraphkeep';
import type { Store } from '../../src/store/Store';
import { startTestServer, type TestServer } from '../support/startTestServer';

/** NODE_ENV=production: nothing internal reaches a client (docs/limits.md). */
describe('production mode', () => {
  let server: TestServer;
  let logs = '';
  beforeAll(async () => {
    server = await startTestServer({
      env: { NODE_ENV: 'production' },
      logStream: {
        write: (line: string) => {
          logs += line;
        },
      },
      // A store that fails on one collection stands in for a bug or an outage.
      wrapStore: (store: Store) =>
        new Proxy(store, {
          get(target, property, receiver) {
            const value = Reflect.get(target, property, receiver);
            if (property === 'find') {
              return (collection: string, ...rest: unknown[]) => {
                // By name: the first reads happen during the start, before `server` is assigned.
                if (collection === 'Comment') throw new Error('disk on fire at /var/lib/secret/path');
                return (value as (...args: unknown[]) => unknown).call(target, collection, ...rest);
              };
            }
            return typeof value === 'function' ? value.bind(target) : value;
          },
        }),
    });
  });
  afterAll(() => server.stop());

  test('an internal error is masked: no message, no stack; the log has it with the request id', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ allComments { totalCount } }' }),
    });
    const body = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0]).toMatchObject({
      message: 'internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(body)).not.toMatch(/disk on fire|stacktrace|\/var\/lib/);
    const requestId = response.headers.get('x-request-id');
    const logged = logs.split('\n').filter((line) => line.includes('disk on fire'));
    expect(logged.length).toBeGreaterThan(0);
    expect(logged[0]).toContain(requestId);
  });

  test('user errors carry no stack trace', async () => {
    const response = await server.request(`{ getPost(id: "nope") { id } }`);
    expect(response.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors![0].extensions).not.toHaveProperty('stacktrace');
  });

  test('no field suggestions ("Did you mean …")', async () => {
    const response = await server.request(`{ allPost { totalCount } }`);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.errors)).not.toMatch(/did you mean/i);
    expect(JSON.stringify(response.errors)).not.toContain('allPosts');
  });

  test('introspection is off unless INTROSPECTION=true', async () => {
    const response = await server.request(`{ __schema { queryType { name } } }`);
    expect(response.status).toBe(400);
    expect(response.data ?? null).toBeNull();
  });

  test('a missing or short JWT secret stops start-up with a message naming the variable', async () => {
    const base = { NODE_ENV: 'production', PORT: '0', DATA_DIR: server.dataDir, LOG_LEVEL: 'silent' };
    await expect(startGraphkeep(loadConfig(base))).rejects.toThrow(/JWT_SECRET/);
    await expect(startGraphkeep(loadConfig({ ...base, JWT_SECRET: 'too-short' }))).rejects.toThrow(/JWT_SECRET.*32/);
  });
});

describe('development mode', () => {
  test('field suggestions and introspection are on; a JWT secret is made once and kept in DATA_DIR', async () => {
    const first = await startTestServer({ env: { NODE_ENV: 'development', JWT_SECRET: '' } });
    try {
      const suggestion = await first.request(`{ allPost { totalCount } }`);
      expect(JSON.stringify(suggestion.errors)).toMatch(/did you mean/i);
      expect((await first.request(`{ __schema { queryType { name } } }`)).data.__schema.queryType.name).toBe('Query');
      const signed = await first.request(
        `mutation { createUser(input: { username: "dev", password: "dev password" }) { token } }`,
      );
      const token = signed.data.createUser.token;
      await first.close();
      const again = await startTestServer({ dataDir: first.dataDir, env: { NODE_ENV: 'development', JWT_SECRET: '' } });
      try {
        expect((await again.request(`{ viewer { user { username } } }`, {}, token)).data.viewer.user.username).toBe(
          'dev',
        );
      } finally {
        await again.stop();
      }
    } finally {
      await first.stop().catch(() => undefined);
    }
  });
});
