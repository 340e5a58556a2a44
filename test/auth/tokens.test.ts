import jwt from 'jsonwebtoken';
import { createAdminToken, revokeAdminToken } from '../../src/auth/adminTokens';
import { MAX_AUTHORIZATION_LENGTH } from '../../src/auth/authenticate';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, type TestUser } from '../support/users';

const FIRST_SECRET = 'first-secret-signs-new-tokens-0123456789';
const SECOND_SECRET = 'second-secret-still-verifies-0123456789';
const VIEWER = `{ viewer { user { username } } }`;

/** The stored id inside a Relay global id. */
function storedId(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString().split(':')[1];
}

describe('user tokens (docs/api.md#users-and-tokens)', () => {
  let server: TestServer;
  let linus: TestUser;
  let tv: unknown;
  beforeAll(async () => {
    server = await startTestServer({
      env: {
        JWT_SECRETS: `${FIRST_SECRET},${SECOND_SECRET}`,
        JWT_SECRET: '',
        JWT_ISSUER: 'graphkeep-test',
        JWT_AUDIENCE: 'notes-app',
        TOKEN_TTL: '1h',
      },
    });
    linus = await signUp(server, 'linus');
    tv = (jwt.decode(linus.token) as jwt.JwtPayload).tv;
  });
  afterAll(() => server.stop());

  /** A token like the server's, with `claims` and `options` changed; `expiresIn: null` leaves out `exp`. */
  const sign = (
    claims: object,
    secret = FIRST_SECRET,
    options: Omit<jwt.SignOptions, 'expiresIn'> & { expiresIn?: number | null } = {},
  ) => {
    const { expiresIn = 600, ...rest } = options;
    return jwt.sign({ tv, ...claims }, secret, {
      algorithm: 'HS256',
      issuer: 'graphkeep-test',
      audience: 'notes-app',
      subject: storedId(linus.id),
      ...(expiresIn === null ? {} : { expiresIn }),
      ...rest,
    });
  };

  async function expectRefused(authorization: string) {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: VIEWER }),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data ?? null).toBeNull();
  }

  test('an issued token carries sub, iat, exp, iss and aud and signs with HS256', () => {
    const [header] = linus.token.split('.');
    expect(JSON.parse(Buffer.from(header, 'base64url').toString()).alg).toBe('HS256');
    const claims = jwt.verify(linus.token, FIRST_SECRET, { algorithms: ['HS256'] }) as jwt.JwtPayload;
    expect(claims).toMatchObject({ sub: storedId(linus.id), iss: 'graphkeep-test', aud: 'notes-app' });
    expect(claims.exp! - claims.iat!).toBe(3600);
  });

  test('the Bearer scheme is matched case-insensitively', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `${scheme} ${linus.token}` },
        body: JSON.stringify({ query: VIEWER }),
      });
      expect(
        ((await response.json()) as { data: { viewer: { user: { username: string } } } }).data.viewer.user.username,
      ).toBe('linus');
    }
  });

  test('a token signed with the second secret is accepted', async () => {
    const response = await server.request(VIEWER, {}, sign({}, SECOND_SECRET));
    expect(response.data.viewer.user.username).toBe('linus');
  });

  test('a tampered token is refused', async () => {
    const [header, payload, signature] = linus.token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url');
    await expectRefused(`Bearer ${header}.${forged}.${signature}`);
  });

  test('alg: none is refused', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = linus.token.split('.')[1];
    await expectRefused(`Bearer ${header}.${payload}.`);
  });

  test('another algorithm is refused even with the right secret (algorithms are pinned)', async () => {
    await expectRefused(`Bearer ${sign({}, FIRST_SECRET, { algorithm: 'HS512' })}`);
  });

  test('a foreign secret is refused', async () => {
    await expectRefused(`Bearer ${sign({}, 'somebody-elses-secret-0123456789abcdef')}`);
  });

  test('an expired token is refused', async () => {
    await expectRefused(
      `Bearer ${sign({ exp: Math.floor(Date.now() / 1000) - 10 }, FIRST_SECRET, { expiresIn: null })}`,
    );
  });

  test('a token without exp is refused', async () => {
    await expectRefused(`Bearer ${sign({}, FIRST_SECRET, { expiresIn: null })}`);
  });

  test('a not-yet-valid token (nbf) is refused', async () => {
    await expectRefused(`Bearer ${sign({}, FIRST_SECRET, { notBefore: 600 })}`);
  });

  test('a token issued in the future (iat) is refused', async () => {
    await expectRefused(`Bearer ${sign({ iat: Math.floor(Date.now() / 1000) + 3600 })}`);
  });

  test('the wrong issuer or audience is refused', async () => {
    await expectRefused(`Bearer ${sign({}, FIRST_SECRET, { issuer: 'someone-else' })}`);
    await expectRefused(`Bearer ${sign({}, FIRST_SECRET, { audience: 'another-app' })}`);
  });

  test('a token for a user that does not exist is refused', async () => {
    await expectRefused(`Bearer ${sign({}, FIRST_SECRET, { subject: '0123456789abcdef01234567' })}`);
  });

  test('malformed and oversized Authorization headers are refused cleanly', async () => {
    await expectRefused('Basic dXNlcjpwYXNz');
    await expectRefused('Bearer not-a-jwt');
    await expectRefused(`Bearer ${'a'.repeat(MAX_AUTHORIZATION_LENGTH)}`);
  });

  test('an admin token works until it is revoked', async () => {
    const token = await createAdminToken(server.store, 'ci');
    const users = `{ allUsers { totalCount } }`;
    expect((await server.request(users, {}, token)).data.allUsers.totalCount).toBe(1);
    await revokeAdminToken(server.store, 'ci');
    await expectRefused(`Bearer ${token}`);
  });
});
