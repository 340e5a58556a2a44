import type { Config } from '../config/loadConfig';
import { MailQueue, type MailJob, type MailLog } from './mailQueue';
import { loadMailTemplates, type MailKind, type MailTemplate } from './mailTemplates';
import { smtpSender } from './smtpSender';

/** Outgoing mail, when `SMTP_URL` is set (docs/accounts.md#mail). */
export interface Mailer {
  templates: Record<MailKind, MailTemplate>;
  /** Queues a mail; false when the queue is full (`MAX_QUEUED_MAILS`) or the server is stopping. */
  enqueue(job: MailJob): boolean;
  /** Checks that the SMTP server answers, for the log at start. */
  verify(): Promise<void>;
  close(): Promise<void>;
}

/** The mailer of `SMTP_URL` and `MAIL_FROM`, or undefined when mail is not configured. */
export function createMailer(config: Config, log: MailLog): Mailer | undefined {
  if (!config.SMTP_URL || !config.MAIL_FROM) return undefined;
  const templates = loadMailTemplates(config.MAIL_TEMPLATES_DIR);
  const sender = smtpSender(config.SMTP_URL, config.MAIL_FROM);
  const queue = new MailQueue(sender.send, log);
  return {
    templates,
    enqueue: (job) => queue.enqueue(job),
    verify: sender.verify,
    async close() {
      await queue.close();
      sender.close();
    },
  };
}
