import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { createAdminToken } from '../../src/auth/adminTokens';
import { JWKS_REQUESTS_PER_MINUTE } from '../../src/auth/externalTokens';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { eventually } from '../support/eventually';
import { connect, received, subscribe } from '../support/subscriptions';
import { signUp } from '../support/users';

const ISSUER = 'https://id.example.org/';
const AUDIENCE = 'graphkeep-api';
const ME = `{ viewer { user { username externalId } } }`;

interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: KeyObject;
  publicKey: KeyObject;
}

function newKey(kid: string, alg: 'RS256' | 'ES256'): SigningKey {
  const pair =
    alg === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid, alg, ...pair };
}

/** The identity provider's side: a JWKS over HTTP, as Auth0 or Keycloak publish one. */
class IdentityProvider {
  published: SigningKey[] = [];
  fetches = 0;
  private server: Server = createServer((_request, response) => {
    this.fetches += 1;
    response.setHeader('content-type', 'application/json');
    response.end(
      JSON.stringify({
        keys: this.published.map((key) => ({
          ...key.publicKey.export({ format: 'jwk' }),
          kid: key.kid,
          alg: key.alg,
          use: 'sig',
        })),
      }),
    );
  });
  url = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/.well-known/jwks.json`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function tokenFor(
  key: SigningKey,
  sub: string,
  claims: Record<string, unknown> = {},
  options: jwt.SignOptions = {},
): string {
  return jwt.sign({ email: `${sub}@example.org`, ...claims }, key.privateKey, {
    algorithm: key.alg,
    keyid: key.kid,
    subject: sub,
    issuer: ISSUER,
    audience: AUDIENCE,
    expiresIn: '5m',
    ...options,
  });
}

const errorCode = (response: { errors?: { extensions?: { code?: string } }[] }) =>
  response.errors?.[0].extensions?.code;

describe("third-party identity: tokens signed by a provider's JWKS (docs/api.md#users-and-tokens)", () => {
  const provider = new IdentityProvider();
  const rsa = newKey('rsa-2026-01', 'RS256');
  const ec = newKey('ec-2026-01', 'ES256');
  let server: TestServer;
  beforeAll(async () => {
    await provider.start();
    provider.published = [rsa, ec];
    server = await startTestServer({
      env: {
        JWT_JWKS_URL: provider.url,
        JWT_ISSUER: ISSUER,
        JWT_AUDIENCE: AUDIENCE,
        JWT_AUTO_CREATE_USERS: 'true',
        JWT_USERNAME_CLAIM: 'email',
      },
    });
  });
  afterAll(async () => {
    await server.stop();
    await provider.stop();
  });

  test('an RS256 token makes its user on first sight, named from the configured claim; then finds it', async () => {
    const first = await server.request(ME, {}, tokenFor(rsa, 'auth0|ada'));
    expect(first.errors).toBeUndefined();
    expect(first.data.viewer.user).toEqual({ username: 'auth0|ada@example.org', externalId: 'auth0|ada' });
    const again = await server.request(ME, {}, tokenFor(rsa, 'auth0|ada', { email: 'renamed@example.org' }));
    expect(again.data.viewer.user.username).toBe('auth0|ada@example.org');
    expect(
      await server.store.count(server.app.models.get('User')!.collection, { externalId: { $eq: 'auth0|ada' } }),
    ).toBe(1);
  });

  test('an ES256 token is accepted too', async () => {
    const response = await server.request(ME, {}, tokenFor(ec, 'kc-grace'));
    expect(response.data.viewer.user).toEqual({ username: 'kc-grace@example.org', externalId: 'kc-grace' });
  });

  test.each<[string, () => string]>([
    ['another audience', () => tokenFor(rsa, 'auth0|ada', {}, { audience: 'some-other-app' })],
    ['another issuer', () => tokenFor(rsa, 'auth0|ada', {}, { issuer: 'https://evil.example.com/' })],
    ['an expired token', () => tokenFor(rsa, 'auth0|ada', {}, { expiresIn: -60 })],
    [
      'no expiry',
      () =>
        jwt.sign({ sub: 'auth0|ada', iss: ISSUER, aud: AUDIENCE }, rsa.privateKey, {
          algorithm: 'RS256',
          keyid: rsa.kid,
        }),
    ],
    [
      'no kid',
      () =>
        jwt.sign({ sub: 'auth0|ada' }, rsa.privateKey, {
          algorithm: 'RS256',
          issuer: ISSUER,
          audience: AUDIENCE,
          expiresIn: '5m',
        }),
    ],
    [
      "a published kid, signed by someone else's key",
      () => tokenFor({ ...newKey(rsa.kid, 'RS256'), kid: rsa.kid }, 'auth0|ada'),
    ],
    ["the EC key's kid on an RS256 token", () => tokenFor({ ...newKey('x', 'RS256'), kid: ec.kid }, 'auth0|ada')],
    [
      'HS256 signed with the public key as the secret (algorithm confusion)',
      () =>
        jwt.sign({ sub: 'auth0|ada' }, rsa.publicKey.export({ format: 'pem', type: 'spki' }) as string, {
          algorithm: 'HS256',
          keyid: rsa.kid,
          issuer: ISSUER,
          audience: AUDIENCE,
          expiresIn: '5m',
        }),
    ],
    [
      'alg none',
      () =>
        jwt.sign({ sub: 'auth0|ada', iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 300 }, '', {
          algorithm: 'none',
          keyid: rsa.kid,
        } as jwt.SignOptions),
    ],
  ])('refused: %s', async (_what, make) => {
    const response = await server.request(ME, {}, make());
    expect(response.status).toBe(401);
    expect(errorCode(response)).toBe('UNAUTHENTICATED');
  });

  test('rotation: a new kid makes the server fetch the JWKS again; the new key works', async () => {
    const next = newKey('rsa-2026-02', 'RS256');
    provider.published = [next, ec];
    const before = provider.fetches;
    const response = await server.request(ME, {}, tokenFor(next, 'auth0|ada'));
    expect(response.data.viewer.user.externalId).toBe('auth0|ada');
    expect(provider.fetches).toBe(before + 1);
    // Known keys come from the cache: no fetch per request.
    await server.request(ME, {}, tokenFor(next, 'auth0|ada'));
    await server.request(ME, {}, tokenFor(ec, 'kc-grace'));
    expect(provider.fetches).toBe(before + 1);
  });

  test('the username claim naming a taken username is refused, not merged into that account', async () => {
    await signUp(server, 'taken@example.org');
    const response = await server.request(ME, {}, tokenFor(ec, 'clerk_123', { email: 'taken@example.org' }));
    expect(errorCode(response)).toBe('UNAUTHENTICATED');
    expect(response.errors![0].message).toMatch(/taken/);
  });

  test('users cannot set externalId on themselves; an admin can', async () => {
    const user = await signUp(server, 'plain-user');
    const own = await server.request(
      `mutation($id: ID!) { updateUser(input: { id: $id, externalId: "auth0|victim" }) { changedUser { id } } }`,
      { id: user.id },
      user.token,
    );
    expect(errorCode(own)).toBe('FORBIDDEN');
    expect(own.errors![0].message).toMatch(/externalId/);
    const signUpWith = await server.request(
      `mutation { createUser(input: { username: "squatter", password: "long enough pw", externalId: "auth0|victim2" }) { token } }`,
    );
    expect(errorCode(signUpWith)).toBe('FORBIDDEN');
    expect(signUpWith.errors![0].message).toMatch(/externalId/);
    const inBatch = await server.request(
      `mutation { createManyUsers(input: { items: [{ username: "batch-1", password: "long enough pw", externalId: "auth0|victim3" }] }) { clientMutationId } }`,
    );
    expect(errorCode(inBatch)).toBe('FORBIDDEN');
    expect(inBatch.errors![0].message).toMatch(/externalId/);
    const admin = await createAdminToken(server.store, 'jwks-test');
    const linked = await server.request(
      `mutation($id: ID!) { updateUser(input: { id: $id, externalId: "auth0|plain" }) { changedUser { externalId } } }`,
      { id: user.id },
      admin,
    );
    expect(linked.data.updateUser.changedUser.externalId).toBe('auth0|plain');
    const viaProvider = await server.request(ME, {}, tokenFor(ec, 'auth0|plain'));
    expect(viaProvider.data.viewer.user.username).toBe('plain-user');
  });

  test("over WebSocket too: a provider's token in connectionParams, and a forged one refused with 4401", async () => {
    const socket = connect(server.url, { token: tokenFor(ec, 'kc-grace') });
    try {
      const [result] = await received(subscribe(socket, ME), 1);
      expect(result.data.viewer.user).toEqual({ username: 'kc-grace@example.org', externalId: 'kc-grace' });
    } finally {
      await socket.dispose();
    }
    const forged = connect(server.url, { token: tokenFor({ ...newKey('forged', 'ES256'), kid: ec.kid }, 'kc-grace') });
    try {
      await eventually(() => (forged.closes.length > 0 ? true : undefined), 'the refused connection closing');
      expect(forged.closes[0].code).toBe(4401);
    } finally {
      await forged.dispose();
    }
  });

  test("the server's own HS256 tokens keep working beside the provider's", async () => {
    const user = await signUp(server, 'local-user');
    expect((await server.request(ME, {}, user.token)).data.viewer.user.username).toBe('local-user');
  });
});

describe('third-party identity without auto-creation, and forged kids', () => {
  const provider = new IdentityProvider();
  const key = newKey('only', 'ES256');
  let server: TestServer;
  beforeAll(async () => {
    await provider.start();
    provider.published = [key];
    server = await startTestServer({ env: { JWT_JWKS_URL: provider.url, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE } });
  });
  afterAll(async () => {
    await server.stop();
    await provider.stop();
  });

  test('an unknown sub is refused and no user is made', async () => {
    const response = await server.request(ME, {}, tokenFor(key, 'nobody-yet'));
    expect(errorCode(response)).toBe('UNAUTHENTICATED');
    expect(await server.store.count(server.app.models.get('User')!.collection, {})).toBe(0);
  });

  test('a flood of made-up kids costs the provider at most the rate limit of JWKS fetches', async () => {
    const before = provider.fetches;
    const forger = newKey('forged', 'ES256');
    for (let i = 0; i < JWKS_REQUESTS_PER_MINUTE * 2; i++) {
      const response = await server.request(ME, {}, tokenFor({ ...forger, kid: `forged-${i}` }, 'nobody-yet'));
      expect(errorCode(response)).toBe('UNAUTHENTICATED');
    }
    expect(provider.fetches - before).toBeLessThanOrEqual(JWKS_REQUESTS_PER_MINUTE);
  });
});

describe('configuration', () => {
  test('JWT_JWKS_URL without JWT_ISSUER and JWT_AUDIENCE stops the start, naming them', async () => {
    const { loadConfig } = await import('../../src/config/loadConfig');
    expect(() => loadConfig({ JWT_JWKS_URL: 'https://id.example.org/jwks' })).toThrow(
      /JWT_ISSUER: required with JWT_JWKS_URL[\s\S]*JWT_AUDIENCE/,
    );
    expect(() => loadConfig({ JWT_JWKS_URL: 'file:///etc/passwd', JWT_ISSUER: 'x', JWT_AUDIENCE: 'y' })).toThrow(
      /JWT_JWKS_URL/,
    );
  });
});
