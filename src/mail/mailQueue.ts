/** One mail, ready to send: a single recipient, a one-line subject, a text and an HTML body. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * One mail to send, composed only when its turn comes, so whatever it costs (finding the
 * account, making a token) happens off the request that asked for it. `compose` answers null
 * when there is nothing to send (an address that names no account).
 */
export interface MailJob {
  /** What the mail is for (`password-reset`), for the log; never its content. */
  kind: string;
  compose(): Promise<MailMessage | null>;
}

export type SendMail = (message: MailMessage) => Promise<void>;

export interface MailLog {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Mails waiting to be composed and sent; past it, `enqueue` refuses (docs/limits.md). */
export const MAX_QUEUED_MAILS = 1000;
/** Mails composed and sent at once: a slow SMTP server holds at most this many connections. */
export const MAIL_SEND_CONCURRENCY = 4;

/**
 * Mail off the request path: a bounded queue that composes and sends a few mails at a time.
 * A failure is logged by kind, never with the message (its link is a secret), and never
 * reaches the request that queued it, which has already been answered.
 */
export class MailQueue {
  private readonly waiting: MailJob[] = [];
  private readonly running = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly send: SendMail,
    private readonly log: MailLog,
    private readonly limits = { maxQueued: MAX_QUEUED_MAILS, concurrency: MAIL_SEND_CONCURRENCY },
  ) {}

  /** Queues `job`; false when the queue is full or closing (the caller decides what to tell). */
  enqueue(job: MailJob): boolean {
    if (this.closed || this.waiting.length >= this.limits.maxQueued) return false;
    this.waiting.push(job);
    // Started after the current request has had its answer written, not within it.
    setImmediate(() => this.pump());
    return true;
  }

  get size(): number {
    return this.waiting.length + this.running.size;
  }

  /** Stops taking mail; drops what has not started (logged) and waits for what has. */
  async close(): Promise<void> {
    this.closed = true;
    const dropped = this.waiting.splice(0);
    if (dropped.length > 0) this.log.warn({ dropped: dropped.length }, 'shutting down: queued mails were not sent');
    await Promise.all([...this.running]);
  }

  private pump(): void {
    while (!this.closed && this.running.size < this.limits.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      const run = this.run(job).finally(() => {
        this.running.delete(run);
        this.pump();
      });
      this.running.add(run);
    }
  }

  private async run(job: MailJob): Promise<void> {
    try {
      const message = await job.compose();
      if (message) await this.send(message);
    } catch (error) {
      this.log.error({ mail: job.kind, err: { message: (error as Error).message } }, 'a mail was not sent');
    }
  }
}
