import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/loadConfig';
import { eventually } from '../support/eventually';
import { startMailCatcher, type MailCatcher } from '../support/mailCatcher';
import { startTestServer } from '../support/startTestServer';
import { signUp } from '../support/users';

const MAIL_MUTATIONS: [string, string][] = [
  ['requestPasswordReset', `mutation { requestPasswordReset(input: { email: "a@blog.test" }) { clientMutationId } }`],
  ['resetPassword', `mutation { resetPassword(input: { token: "t", newPassword: "long enough" }) { token } }`],
  ['verifyEmail', `mutation { verifyEmail(input: { token: "t" }) { clientMutationId } }`],
  ['requestEmailVerification', `mutation { requestEmailVerification(input: {}) { clientMutationId } }`],
];

function logCollector() {
  const lines = { text: '' };
  return { lines, logStream: { write: (line: string) => void (lines.text += line) } };
}

/** docs/accounts.md#mail: off unless configured, and saying so at start and in every answer. */
describe('account mail settings', () => {
  let mail: MailCatcher;
  beforeAll(async () => {
    mail = await startMailCatcher();
  });
  afterAll(() => mail.close());

  test('without SMTP_URL the mail mutations answer FEATURE_DISABLED naming the settings, and the start log says so', async () => {
    const { lines, logStream } = logCollector();
    const server = await startTestServer({ logStream });
    try {
      expect(lines.text).toMatch(/"level":30.*mail is off \(SMTP_URL is not set\)/);
      for (const [name, mutation] of MAIL_MUTATIONS) {
        const response = await server.request(mutation);
        expect([name, response.errors![0].extensions]).toMatchObject([
          name,
          { code: 'FEATURE_DISABLED', settings: ['SMTP_URL', 'MAIL_FROM', 'PUBLIC_URL'] },
        ]);
        expect(response.errors![0].message).toMatch(/mail is not configured/);
      }
    } finally {
      await server.stop();
    }
  });

  test('with SMTP but no User.email they answer FEATURE_DISABLED too, and the start log warns', async () => {
    const { lines, logStream } = logCollector();
    const server = await startTestServer({
      schema: 'type Note @model { text: String }',
      env: { SMTP_URL: mail.url, MAIL_FROM: 'no-reply@blog.test', PUBLIC_URL: 'https://blog.test' },
      logStream,
    });
    try {
      expect(lines.text).toMatch(/"level":40.*mail is on, but User has no email String field/);
      const response = await server.request(MAIL_MUTATIONS[0][1]);
      expect(response.errors![0]).toMatchObject({
        extensions: { code: 'FEATURE_DISABLED' },
        message: expect.stringMatching(/User has no email field/),
      });
    } finally {
      await server.stop();
    }
  });

  test('a reachable SMTP server is reported at start', async () => {
    const { lines, logStream } = logCollector();
    const server = await startTestServer({
      env: { SMTP_URL: mail.url, MAIL_FROM: 'no-reply@blog.test', PUBLIC_URL: 'https://blog.test' },
      logStream,
    });
    try {
      await eventually(() => (/mail is on: the SMTP server answers/.test(lines.text) ? true : undefined), 'the log');
    } finally {
      await server.stop();
    }
  });

  test.each([
    [{ SMTP_URL: 'smtp://mail.test' }, /MAIL_FROM: required with SMTP_URL/],
    [{ SMTP_URL: 'smtp://mail.test', MAIL_FROM: 'a@b.test' }, /PUBLIC_URL: required with SMTP_URL/],
    [{ SMTP_URL: 'http://mail.test', MAIL_FROM: 'a@b.test' }, /SMTP_URL:/],
    [{ PASSWORD_RESET_PAGE: 'reset' }, /PASSWORD_RESET_PAGE: expected a path/],
    [{ REFRESH_TOKENS: 'yes' }, /REFRESH_TOKENS:/],
  ])('%o stops the start: %s', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  test('absolute pages need no PUBLIC_URL', () => {
    const config = loadConfig({
      SMTP_URL: 'smtps://user:secret@mail.test',
      MAIL_FROM: 'a@b.test',
      PASSWORD_RESET_PAGE: 'https://app.test/reset',
      VERIFY_EMAIL_PAGE: 'https://app.test/verify',
    });
    expect(config.PASSWORD_RESET_PAGE).toBe('https://app.test/reset');
  });

  test("the operator's templates replace the built-in ones; a placeholder they may not use stops the start", async () => {
    const templates = mkdtempSync(join(tmpdir(), 'graphkeep-templates-'));
    try {
      writeFileSync(join(templates, 'verify-email.subject.txt'), 'Welcome to {{ appName }}, {{username}}\n');
      writeFileSync(join(templates, 'verify-email.txt'), 'Confirm here: {{link}} ({{expiresIn}})\n');
      writeFileSync(join(templates, 'verify-email.html'), '<a href="{{link}}">{{username}}</a>');
      const env = {
        SMTP_URL: mail.url,
        MAIL_FROM: 'no-reply@blog.test',
        PUBLIC_URL: 'https://blog.test',
        APP_NAME: 'Blog',
        VERIFY_EMAIL_PAGE: 'https://app.blog.test/confirm',
        VERIFY_EMAIL_TTL: '3d',
        MAIL_TEMPLATES_DIR: templates,
      };
      const server = await startTestServer({ env });
      try {
        await signUp(server, '<b>gus</b>', { email: 'gus@blog.test' });
        const sent = await mail.mailTo('gus@blog.test', '/confirm');
        expect(sent.subject).toBe('Welcome to Blog, <b>gus</b>');
        expect(sent.text.trim()).toBe(`Confirm here: ${sent.link.toString()} (3 days)`);
        expect(sent.link.origin).toBe('https://app.blog.test');
        expect(sent.html).toContain('&lt;b&gt;gus&lt;/b&gt;');
        expect(sent.html).not.toContain('<b>gus');
      } finally {
        await server.stop();
      }
      writeFileSync(join(templates, 'password-reset.txt'), 'Hi {{name}}: {{link}}');
      await expect(startTestServer({ env })).rejects.toThrow(
        /MAIL_TEMPLATES_DIR: .*password-reset\.txt uses \{\{name\}\}/,
      );
      rmSync(join(templates, 'password-reset.txt'));
      writeFileSync(join(templates, 'password_reset.html'), '<a href="{{link}}">reset</a>');
      await expect(startTestServer({ env })).rejects.toThrow(
        /MAIL_TEMPLATES_DIR: password_reset\.html is not a template/,
      );
      await expect(startTestServer({ env: { ...env, MAIL_TEMPLATES_DIR: join(templates, 'nope') } })).rejects.toThrow(
        /MAIL_TEMPLATES_DIR: .*nope is not a folder/,
      );
    } finally {
      rmSync(templates, { recursive: true, force: true });
    }
  });
});
