import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { eventually } from './eventually';

/** A mail as the SMTP server received it, decoded. */
export interface CaughtMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** The link the mail carries (the first `http(s)://` URL of its text). */
  link: URL;
}

export interface MailCatcher {
  /** `SMTP_URL` for a server under test. */
  url: string;
  mails: CaughtMail[];
  /** Waits (bounded) until the `count`th mail to `to` whose link leads to `path` has arrived, and returns it. */
  mailTo(to: string, path: string, count?: number): Promise<CaughtMail>;
  /** The mails to `to` whose link leads to `path`, so far. */
  mailsTo(to: string, path: string): CaughtMail[];
  /** While true, the server refuses every message (a mail provider that is down). */
  refusing: boolean;
  close(): Promise<void>;
}

/** A real SMTP server (the `smtp-server` package) on a free loopback port, keeping what it receives. */
export async function startMailCatcher(): Promise<MailCatcher> {
  const mails: CaughtMail[] = [];
  const catcher = { refusing: false } as MailCatcher;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        if (catcher.refusing) return callback(new Error('mailbox unavailable'));
        mails.push(
          decode(
            Buffer.concat(chunks).toString('utf8'),
            session.envelope.rcptTo.map((r) => r.address),
          ),
        );
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  const mailsTo = (to: string, path: string) =>
    mails.filter((mail) => mail.to.includes(to) && mail.link.pathname === path);
  return Object.assign(catcher, {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    mailsTo,
    mailTo: (to: string, path: string, count = 1) =>
      eventually(() => mailsTo(to, path)[count - 1], `${count} mail(s) to ${to} with a link to ${path}`),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** Enough MIME for what nodemailer writes: headers, multipart/alternative, quoted-printable or base64. */
function decode(raw: string, to: string[]): CaughtMail {
  const parts = leafParts(raw);
  const text = parts.find((p) => p.type.startsWith('text/plain'))?.body ?? '';
  const html = parts.find((p) => p.type.startsWith('text/html'))?.body ?? '';
  const [head] = splitHead(raw);
  const subject = decodeWords(header(head, 'subject') ?? '');
  const link = /https?:\/\/\S+/.exec(text)?.[0];
  return { to, subject, text, html, link: new URL(link ?? 'about:blank') };
}

function splitHead(entity: string): [string, string] {
  const at = entity.indexOf('\r\n\r\n');
  return at < 0 ? [entity, ''] : [entity.slice(0, at), entity.slice(at + 4)];
}

function header(head: string, name: string): string | undefined {
  const unfolded = head.replace(/\r\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(unfolded)?.[1];
}

function leafParts(entity: string): { type: string; body: string }[] {
  const [head, body] = splitHead(entity);
  const type = header(head, 'content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.toLowerCase().startsWith('multipart/') && boundary) {
    return body
      .split(`--${boundary}`)
      .slice(1)
      .filter((part) => !part.startsWith('--'))
      .flatMap((part) => leafParts(part.replace(/^\r\n/, '')));
  }
  const encoding = (header(head, 'content-transfer-encoding') ?? '7bit').toLowerCase();
  const decoded =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(
            body
              .replace(/=\r\n/g, '')
              .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
            'latin1',
          ).toString('utf8')
        : body;
  return [{ type: type.toLowerCase(), body: decoded }];
}

/** RFC 2047 encoded words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`) in a header. */
function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=\s*/gi, (_m, _charset, kind: string, text: string) =>
    kind.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text
            .replace(/_/g, ' ')
            .replace(/=([0-9A-F]{2})/gi, (_x, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          'latin1',
        ).toString('utf8'),
  );
}
