import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMailCatcher, type MailCatcher } from '../support/mailCatcher';
import { signedRankZ } from '../support/pairedTiming';
import { postGraphQL, startTestServer, type GraphQLResponse, type TestServer } from '../support/startTestServer';
import { spawnServer } from '../support/spawnServer';
import { eventually } from '../support/eventually';
import { signUp, TEST_PASSWORD } from '../support/users';

const REQUEST = `mutation($email: String!) { requestPasswordReset(input: { email: $email }) { clientMutationId } }`;
const PAGE = '/reset-password';
const MAIL_ENV = { MAIL_FROM: 'no-reply@blog.test', PUBLIC_URL: 'https://blog.test' };

/** A user with an address, set in the store so that no verification mail counts against it. */
async function userWithAddress(server: TestServer, username: string, email: string): Promise<void> {
  const { token } = await signUp(server, username);
  const { sub } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sub: string };
  await server.store.update('User', sub, { set: { email } });
}

/** What two answers share once the number of seconds to wait is set aside. */
function shape(response: GraphQLResponse) {
  return JSON.parse(
    JSON.stringify(response)
      .replace(/try again in \d+ s/g, 'try again in N s')
      .replace(/"retryAfterSeconds":\d+/g, '"retryAfterSeconds":0'),
  ) as unknown;
}

/** docs/accounts.md#password-reset: nobody learns from a reset whether an address has an account. */
describe('password reset tells nothing about who has an account', () => {
  let mail: MailCatcher;
  beforeAll(async () => {
    mail = await startMailCatcher();
  });
  afterAll(() => mail.close());

  test('an unknown address gets the same answer in the same time as a known one (50 pairs, signed-rank test)', async () => {
    // The server in a process of its own, as an attacker sees it: what it does after answering
    // (finding the account, sending the mail) must not be counted in the answer's time.
    const dataDir = mkdtempSync(join(tmpdir(), 'graphkeep-reset-timing-'));
    const server = spawnServer({
      ...MAIL_ENV,
      DATA_DIR: dataDir,
      SMTP_URL: mail.url,
      MAIL_MAX_PER_RECIPIENT: '1000',
      MAIL_MAX_PER_CLIENT: '1000',
    });
    try {
      const url = await server.listening;
      const signedUp = await postGraphQL(
        url,
        `mutation { createUser(input: { username: "known", password: "${TEST_PASSWORD}", email: "known@blog.test" }) { token } }`,
      );
      expect(signedUp.errors).toBeUndefined();
      let mailed = 0;
      const ask = async (email: string) => {
        const started = process.hrtime.bigint();
        const response = await postGraphQL(url, REQUEST, { email });
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        // The mail goes out after the answer; let it finish before the next request is timed.
        if (email === 'known@blog.test') await mail.mailTo(email, PAGE, ++mailed);
        return { response, ms };
      };
      for (let i = 0; i < 3; i++) {
        await ask('known@blog.test');
        await ask('nobody@blog.test');
      }
      const known: number[] = [];
      const unknown: number[] = [];
      const answers = new Set<string>();
      for (let i = 0; i < 50; i++) {
        // Alternating which goes first cancels any effect of going first.
        const order = i % 2 === 0 ? ['known@blog.test', 'nobody@blog.test'] : ['nobody@blog.test', 'known@blog.test'];
        for (const email of order) {
          const { response, ms } = await ask(email);
          answers.add(JSON.stringify(response));
          (email === 'known@blog.test' ? known : unknown).push(ms);
        }
      }
      expect([...answers]).toEqual([
        JSON.stringify({ status: 200, data: { requestPasswordReset: { clientMutationId: null } } }),
      ]);
      expect(mail.mailsTo('nobody@blog.test', PAGE)).toEqual([]);
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
      const z = signedRankZ(known, unknown);
      // |z| < 4: a difference this large happens by chance about once in 16,000 runs.
      expect({ withinNoise: Math.abs(z) < 4, z, known: median(known), unknown: median(unknown) }).toMatchObject({
        withinNoise: true,
      });
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  test('the signed-rank test does tell a shifted series from a matched one', () => {
    const noise = Array.from({ length: 50 }, (_, i) => ((i * 37) % 11) / 10);
    const matched = noise.map((v, i) => v + ((i * 53) % 7) / 100 - 0.03);
    expect(Math.abs(signedRankZ(noise, matched))).toBeLessThan(4);
    expect(
      signedRankZ(
        noise.map((v) => v + 0.5),
        matched,
      ),
    ).toBeGreaterThan(4);
  });

  test('throttles count per address, known or not, and per client', async () => {
    const server = await startTestServer({
      env: { ...MAIL_ENV, SMTP_URL: mail.url, MAIL_MAX_PER_RECIPIENT: '2', MAIL_MAX_PER_CLIENT: '7' },
    });
    try {
      await userWithAddress(server, 'kim', 'kim@blog.test');
      const answers = async (email: string) => [
        await server.request(REQUEST, { email }),
        await server.request(REQUEST, { email }),
        await server.request(REQUEST, { email }),
      ];
      const known = await answers('kim@blog.test');
      const unknown = await answers('nobody-else@blog.test');
      expect(known.map(shape)).toEqual(unknown.map(shape));
      expect(known[0].errors).toBeUndefined();
      expect(known[1].errors).toBeUndefined();
      expect(known[2].errors![0].extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
      expect(known[2].errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(3000);
      expect((await mail.mailTo('kim@blog.test', PAGE, 2)).to).toEqual(['kim@blog.test']);
      // Six asked for by this client (the refused ones count too): a seventh address passes, then the client waits.
      expect((await server.request(REQUEST, { email: 'third@blog.test' })).errors).toBeUndefined();
      const refused = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: REQUEST, variables: { email: 'fourth@blog.test' } }),
      });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3000);
      expect(((await refused.json()) as GraphQLResponse).errors![0].extensions?.code).toBe('TOO_MANY_REQUESTS');
      expect(mail.mailsTo('kim@blog.test', PAGE)).toHaveLength(2);
    } finally {
      await server.stop();
    }
  });

  test('a mail server that refuses changes nothing in the answer; the log names the failure, never the link', async () => {
    let logs = '';
    const server = await startTestServer({
      env: { ...MAIL_ENV, SMTP_URL: mail.url },
      logStream: {
        write: (line: string) => {
          logs += line;
        },
      },
    });
    try {
      await userWithAddress(server, 'lena', 'lena@blog.test');
      mail.refusing = true;
      const response = await server.request(REQUEST, { email: 'lena@blog.test' });
      expect(response).toEqual({ status: 200, data: { requestPasswordReset: { clientMutationId: null } } });
      await eventually(() => (logs.includes('a mail was not sent') ? true : undefined), 'the failure in the log');
      expect(logs).toMatch(/"mail":"password-reset"/);
      expect(logs).not.toMatch(/token=|reset-password\?/);
    } finally {
      mail.refusing = false;
      await server.stop();
    }
  });
});
