import type { Transporter } from 'nodemailer';
import type { MailMessage, SendMail } from './mailQueue';

/**
 * How long one SMTP conversation may wait (milliseconds). nodemailer's own defaults (two
 * minutes to connect, ten of silence) would hold a queue slot for that long on a dead server.
 */
export const SMTP_TIMEOUTS_MS = { connection: 10_000, greeting: 10_000, socket: 30_000 };

/** A single recipient: one address, no list, no display name to inject more through. */
const ONE_ADDRESS = /^[^\s@,;<>()"]+@[^\s@,;<>()"]+$/;
export const MAX_EMAIL_LENGTH = 254;

export function isMailableAddress(address: string): boolean {
  return address.length <= MAX_EMAIL_LENGTH && ONE_ADDRESS.test(address);
}

export interface SmtpSender {
  send: SendMail;
  /** Whether the server answers and accepts our login (for the log at start). */
  verify(): Promise<void>;
  close(): void;
}

/** Sends through `SMTP_URL` (`smtp://` with STARTTLS when offered, or `smtps://`) from `MAIL_FROM`. */
export function smtpSender(smtpUrl: string, from: string): SmtpSender {
  // nodemailer is loaded with the first mail, not at start: most processes never send one.
  let transport: Promise<Transporter> | undefined;
  const connected = () =>
    (transport ??= import('nodemailer').then(({ default: nodemailer }) =>
      nodemailer.createTransport(
        {
          url: smtpUrl,
          connectionTimeout: SMTP_TIMEOUTS_MS.connection,
          greetingTimeout: SMTP_TIMEOUTS_MS.greeting,
          socketTimeout: SMTP_TIMEOUTS_MS.socket,
        },
        { from },
      ),
    ));
  return {
    async send(message: MailMessage) {
      if (!isMailableAddress(message.to)) throw new Error('the recipient is not one plain email address');
      await (await connected()).sendMail({ ...message, to: { name: '', address: message.to } });
    },
    async verify() {
      await (await connected()).verify();
    },
    close: () => void transport?.then((opened) => opened.close()),
  };
}
