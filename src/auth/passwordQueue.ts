/** How much password work runs at once and how much may wait (docs/limits.md). */
export interface PasswordQueueLimits {
  /** bcrypt operations at once: each holds a thread of libuv's pool (4 by default), which file reads share. */
  concurrency: number;
  /** Operations waiting, all clients together. */
  maxWaiting: number;
  /** Operations waiting for one client. */
  maxWaitingPerClient: number;
}

/** Why an operation was not queued: its client's share is full, or the whole queue is. */
export class PasswordQueueFull extends Error {
  constructor(
    readonly which: 'client' | 'queue',
    readonly limit: number,
  ) {
    super(`the password queue is full (${which}: ${limit} waiting)`);
    this.name = 'PasswordQueueFull';
  }
}

interface Job {
  start(): void;
}

/**
 * A bounded, fair queue for password work. Operations run `concurrency` at a time; the rest
 * wait in one line per client, and a free slot goes to the clients in turn (round robin), so a
 * client with a hundred hashes waiting delays another client's login by one hash, not a
 * hundred. A client may keep `maxWaitingPerClient` waiting and everyone together `maxWaiting`;
 * past either, `run` refuses at once with `PasswordQueueFull` instead of growing a backlog.
 */
export class PasswordQueue {
  private running = 0;
  private waiting = 0;
  /** Waiting jobs per client, in the order the clients take turns (a Map keeps insertion order). */
  private readonly lines = new Map<string, Job[]>();

  constructor(private limits: PasswordQueueLimits) {}

  configure(limits: PasswordQueueLimits): void {
    this.limits = limits;
    this.startWhatFits();
  }

  /** Operations running and waiting: what a metric of the queue's depth reads. */
  depth(): number {
    return this.running + this.waiting;
  }

  run<T>(client: string, work: () => Promise<T>): Promise<T> {
    if (this.waiting === 0 && this.running < this.limits.concurrency) return this.start(work);
    const line = this.lines.get(client) ?? [];
    if (line.length >= this.limits.maxWaitingPerClient)
      return Promise.reject(new PasswordQueueFull('client', this.limits.maxWaitingPerClient));
    if (this.waiting >= this.limits.maxWaiting)
      return Promise.reject(new PasswordQueueFull('queue', this.limits.maxWaiting));
    return new Promise<T>((resolve, reject) => {
      line.push({ start: () => this.start(work).then(resolve, reject) });
      this.lines.set(client, line);
      this.waiting += 1;
    });
  }

  private start<T>(work: () => Promise<T>): Promise<T> {
    this.running += 1;
    let running: Promise<T>;
    try {
      running = work();
    } catch (error) {
      running = Promise.reject(error);
    }
    return running.finally(() => {
      this.running -= 1;
      this.startWhatFits();
    });
  }

  /** Hands free slots to the waiting clients in turn: the first line's first job, then that line goes last. */
  private startWhatFits(): void {
    while (this.running < this.limits.concurrency && this.waiting > 0) {
      const [client, line] = this.lines.entries().next().value as [string, Job[]];
      const job = line.shift()!;
      this.lines.delete(client);
      if (line.length > 0) this.lines.set(client, line);
      this.waiting -= 1;
      job.start();
    }
  }
}
