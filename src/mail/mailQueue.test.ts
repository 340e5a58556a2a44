import { MAIL_SEND_CONCURRENCY, MAX_QUEUED_MAILS, MailQueue, type MailJob, type MailMessage } from './mailQueue';

const message: MailMessage = { to: 'a@b.test', subject: 's', text: 't', html: 'h' };
const job = (compose: () => Promise<MailMessage | null>): MailJob => ({ kind: 'test', compose });
const tick = () => new Promise((resolve) => setImmediate(resolve));

function recorder() {
  const lines: { level: string; fields: object; message: string }[] = [];
  return {
    lines,
    log: {
      warn: (fields: object, text: string) => lines.push({ level: 'warn', fields, message: text }),
      error: (fields: object, text: string) => lines.push({ level: 'error', fields, message: text }),
    },
  };
}

describe('MailQueue', () => {
  test(`holds at most MAX_QUEUED_MAILS (${MAX_QUEUED_MAILS}) waiting mails; past it, enqueue says no`, () => {
    const queue = new MailQueue(async () => undefined, recorder().log);
    const never = job(() => new Promise(() => undefined));
    for (let i = 0; i < MAX_QUEUED_MAILS; i++) expect(queue.enqueue(never)).toBe(true);
    expect(queue.enqueue(never)).toBe(false);
    expect(queue.size).toBe(MAX_QUEUED_MAILS);
  });

  test(`composes and sends at most MAIL_SEND_CONCURRENCY (${MAIL_SEND_CONCURRENCY}) at once, and only after the current turn`, async () => {
    let composing = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const sent: MailMessage[] = [];
    const queue = new MailQueue(async (m) => void sent.push(m), recorder().log);
    for (let i = 0; i < MAIL_SEND_CONCURRENCY * 2; i++) {
      queue.enqueue(
        job(async () => {
          most = Math.max(most, ++composing);
          await new Promise<void>((resolve) => release.push(resolve));
          composing--;
          return message;
        }),
      );
    }
    expect(composing).toBe(0);
    await tick();
    expect(composing).toBe(MAIL_SEND_CONCURRENCY);
    while (sent.length < MAIL_SEND_CONCURRENCY * 2) {
      release.splice(0).forEach((resolve) => resolve());
      await tick();
    }
    expect(most).toBe(MAIL_SEND_CONCURRENCY);
  });

  test('a job that composes nothing sends nothing', async () => {
    const sent: MailMessage[] = [];
    const queue = new MailQueue(async (m) => void sent.push(m), recorder().log);
    queue.enqueue(job(async () => null));
    queue.enqueue(job(async () => message));
    while (queue.size > 0) await tick();
    expect(sent).toEqual([message]);
  });

  test('close drops what has not started (logged) and waits for what has', async () => {
    const { lines, log } = recorder();
    const sent: string[] = [];
    let release = () => undefined as void;
    const queue = new MailQueue(async (m) => void sent.push(m.to), log, { maxQueued: 10, concurrency: 1 });
    queue.enqueue(
      job(async () => {
        await new Promise<void>((resolve) => (release = resolve));
        return { ...message, to: 'first@b.test' };
      }),
    );
    queue.enqueue(job(async () => ({ ...message, to: 'second@b.test' })));
    await tick();
    const closed = queue.close();
    release();
    await closed;
    expect(sent).toEqual(['first@b.test']);
    expect(lines).toEqual([
      { level: 'warn', fields: { dropped: 1 }, message: 'shutting down: queued mails were not sent' },
    ]);
    expect(queue.enqueue(job(async () => message))).toBe(false);
  });

  test('failures are logged by kind, never with the content', async () => {
    const { lines, log } = recorder();
    const queue = new MailQueue(async () => {
      throw new Error('connection refused');
    }, log);
    queue.enqueue(job(async () => ({ ...message, text: 'https://app.test/reset?token=secret' })));
    await tick();
    await queue.close();
    expect(lines).toEqual([
      {
        level: 'error',
        fields: { mail: 'test', err: { message: 'connection refused' } },
        message: 'a mail was not sent',
      },
    ]);
  });
});
