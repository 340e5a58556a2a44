import bcrypt from 'bcrypt';
import { createAdminToken } from '../../src/auth/adminTokens';
import { passwordWorkDepth } from '../../src/auth/passwords';
import { MAX_SIGN_UPS_PER_REQUEST } from '../../src/accounts/accounts';
import WebSocket from 'ws';
import { postFrom } from '../support/fromAddress';
import { eventually } from '../support/eventually';
import { startMailCatcher, type MailCatcher } from '../support/mailCatcher';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, TEST_PASSWORD } from '../support/users';

const SIGN_UPS = `mutation($items: [CreateUserInput!]!) { createManyUsers(input: { items: $items }) { clientMutationId } }`;
const SIGN_UP = `mutation($input: CreateUserInput!) { createUser(input: $input) { token } }`;
const LOGIN = `mutation($u: String!, $p: String!) { loginUser(input: { username: $u, password: $p }) { token } }`;

const items = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({ username: `${prefix}-${i}`, password: TEST_PASSWORD }));

/**
 * docs/limits.md, password hashing: sign-ups check what is taken before they hash, a request
 * by someone who is not an admin creates at most MAX_SIGN_UPS_PER_REQUEST accounts, and bcrypt
 * runs in one bounded queue that takes clients in turn.
 */
describe('password work is bounded and fair', () => {
  let server: TestServer;
  let admin: string;
  const hashes = jest.spyOn(bcrypt, 'hash');
  const userCount = async () => server.store.count(server.app.models.get('User')!.collection, {});
  beforeAll(async () => {
    server = await startTestServer();
    admin = await createAdminToken(server.store, 'password-work');
    await signUp(server, 'taken');
  });
  afterAll(() => server.stop());

  test('a batch whose usernames are taken is a CONFLICT before any password is hashed', async () => {
    await server.request(SIGN_UPS, { items: items('early', 3) }, admin);
    hashes.mockClear();
    const batch = [...items('fresh', 4), { username: 'early-1', password: TEST_PASSWORD }];
    const response = await server.request(SIGN_UPS, { items: batch });
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', index: 4, fields: ['username'] });
    expect(response.errors?.[0].path).toEqual(['createManyUsers', 'changedUsers', 4]);
    const twice = await server.request(SIGN_UPS, { items: [...items('twice', 2), ...items('twice', 1)] });
    expect(twice.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', index: 2 });
    const single = await server.request(SIGN_UP, { input: { username: 'taken', password: TEST_PASSWORD } });
    expect(single.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', fields: ['username'] });
    expect(hashes).not.toHaveBeenCalled();
  });

  test(`someone who is not an admin creates at most ${MAX_SIGN_UPS_PER_REQUEST} accounts per request; an admin more`, async () => {
    const before = await userCount();
    hashes.mockClear();
    const refused = await server.request(SIGN_UPS, { items: items('many', MAX_SIGN_UPS_PER_REQUEST + 1) });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: MAX_SIGN_UPS_PER_REQUEST });
    expect(hashes).not.toHaveBeenCalled();
    expect(await userCount()).toBe(before);
    const allowed = await server.request(SIGN_UPS, { items: items('imported', MAX_SIGN_UPS_PER_REQUEST + 1) }, admin);
    expect(allowed.errors).toBeUndefined();
    expect(await userCount()).toBe(before + MAX_SIGN_UPS_PER_REQUEST + 1);
  }, 60_000);

  test('a flood of sign-ups from one client does not hold back another client’s login', async () => {
    // Eight requests from 127.0.0.2, each hashing ten passwords in turn: eighty hashes.
    const flood = Array.from({ length: 8 }, (_, i) =>
      postFrom('127.0.0.2', server.url, SIGN_UPS, { items: items(`flood${i}`, 10) }).then(() => Date.now()),
    );
    while (passwordWorkDepth() < 6) await new Promise((resolve) => setTimeout(resolve, 5));
    const login = await server.request(LOGIN, { u: 'taken', p: TEST_PASSWORD });
    const loggedInAt = Date.now();
    expect(login.errors).toBeUndefined();
    // The queue took the two clients in turn: the login was answered while the flood still had most of its work.
    const floodDone = await Promise.all(flood);
    expect(floodDone.filter((at) => at <= loggedInAt)).toEqual([]);
  }, 120_000);
});

describe('a full password queue answers TOO_MANY_REQUESTS at once', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { HASH_CONCURRENCY: '1', HASH_QUEUE_PER_CLIENT: '2' } });
  });
  afterAll(() => server.stop());

  test('past one client’s share, with the setting named and nothing written', async () => {
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        server.request(SIGN_UP, { input: { username: `q${i}`, password: TEST_PASSWORD } }),
      ),
    );
    const refused = responses.filter((r) => r.errors);
    expect(refused.length).toBeGreaterThan(0);
    for (const response of refused)
      expect(response.errors?.[0].extensions).toMatchObject({
        code: 'TOO_MANY_REQUESTS',
        setting: 'HASH_QUEUE_PER_CLIENT',
        limit: 2,
        retryAfterSeconds: 1,
      });
    expect(await server.store.count(server.app.models.get('User')!.collection, {})).toBe(12 - refused.length);
    // Another client is served meanwhile: it has a line of its own.
    expect(
      (await postFrom('127.0.0.3', server.url, SIGN_UP, { input: { username: 'other', password: TEST_PASSWORD } }))
        .errors,
    ).toBeUndefined();
  }, 60_000);
});

/**
 * Every operation's password work queues in its client's line, whichever mutation does it and
 * whichever door it came in by: a client that fills its own line leaves another client's free.
 */
describe('each door queues password work as the calling client', () => {
  const RESET = `mutation($token: String!) { resetPassword(input: { token: $token, newPassword: "a new password" }) { token } }`;
  let mail: MailCatcher;
  let server: TestServer;
  beforeAll(async () => {
    mail = await startMailCatcher();
    server = await startTestServer({
      env: {
        HASH_CONCURRENCY: '1',
        HASH_QUEUE_PER_CLIENT: '2',
        SMTP_URL: mail.url,
        MAIL_FROM: 'app@blog.test',
        PUBLIC_URL: 'https://blog.test/',
      },
    });
    await signUp(server, 'walker');
  });
  afterAll(async () => {
    await server.stop();
    await mail.close();
  });
  const queueHolds = (count: number) =>
    eventually(() => (passwordWorkDepth() >= count ? true : undefined), `${count} password operations queued`, 400, 5);

  test('HTTP: a reset with a made-up token (hashed before the token is looked up) queues as its caller', async () => {
    const flood = Array.from({ length: 6 }, () => postFrom('127.0.0.2', server.url, RESET, { token: 'made-up' }));
    await queueHolds(3);
    const other = await postFrom('127.0.0.3', server.url, RESET, { token: 'made-up' });
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token' });
    const codes = (await Promise.all(flood)).map((r) => r.errors?.[0].extensions?.code);
    expect(codes).toContain('TOO_MANY_REQUESTS');
  }, 60_000);

  test('WebSocket: logins on one connection fill that client’s line only', async () => {
    const flooder = await openSocket('127.0.0.2');
    const answers = Array.from({ length: 6 }, (_, i) =>
      flooder.run(`f${i}`, LOGIN, { u: 'walker', p: 'wrong password' }),
    );
    await queueHolds(3);
    const other = await openSocket('127.0.0.3');
    const login = await other.run('o', LOGIN, { u: 'walker', p: TEST_PASSWORD });
    expect(login.errors).toBeUndefined();
    const codes = (await Promise.all(answers)).map((r) => r.errors?.[0].extensions?.code);
    expect(codes).toContain('TOO_MANY_REQUESTS');
    flooder.close();
    other.close();
  }, 60_000);

  type Result = { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  /** A graphql-transport-ws connection from `localAddress`, with one request and its one answer per id. */
  async function openSocket(localAddress: string) {
    const socket = new WebSocket(server.url.replace(/^http/, 'ws'), 'graphql-transport-ws', { localAddress });
    const waiting = new Map<string, (result: Result) => void>();
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; id?: string; payload?: unknown };
      if (message.type === 'next') waiting.get(message.id!)?.(message.payload as Result);
      if (message.type === 'error') waiting.get(message.id!)?.({ errors: message.payload as Result['errors'] });
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.once('open', () => {
        socket.send(JSON.stringify({ type: 'connection_init' }));
        socket.once('message', () => resolve());
      });
    });
    return {
      run: (id: string, query: string, variables: Record<string, unknown>) =>
        new Promise<Result>((resolve) => {
          waiting.set(id, resolve);
          socket.send(JSON.stringify({ type: 'subscribe', id, payload: { query, variables } }));
        }),
      close: () => socket.close(),
    };
  }
});
