import type { SubscriptionEvent } from './SubscriptionEvent';
import type { SubscriberChannel } from '../resolvers/SubscriberChannel';

/**
 * The events of one subscription waiting to be sent, as the async iterator graphql-js's
 * `subscribe` consumes: `push` never waits (the fan-out must not be slowed by one client),
 * the connection's channel bounds how much may wait, and `return` (the client's `complete`,
 * or the socket closing) detaches the subscription.
 */
export class EventQueue implements AsyncIterableIterator<SubscriptionEvent> {
  private readonly waiting: SubscriptionEvent[] = [];
  private readonly takers: {
    resolve: (result: IteratorResult<SubscriptionEvent>) => void;
    reject: (error: Error) => void;
  }[] = [];
  private failure: Error | undefined;
  private done = false;

  constructor(
    private readonly channel: SubscriberChannel,
    /** Called once, when the iterator ends for any reason. */
    private readonly onEnd: () => void,
    /** Called before each event is handed over: per-event state (loaders) is refreshed there. */
    private readonly beforeSend: (event: SubscriptionEvent) => void,
  ) {}

  push(event: SubscriptionEvent): void {
    if (this.done) return;
    const taker = this.takers.shift();
    if (taker) {
      this.beforeSend(event);
      taker.resolve({ value: event, done: false });
      return;
    }
    this.waiting.push(event);
    if (!this.channel.queued()) this.finish();
  }

  /** Ends the subscription with an error the client receives (e.g. the viewer lost the right to filter). */
  fail(error: Error): void {
    if (this.done) return;
    this.failure = error;
    this.finish();
  }

  async next(): Promise<IteratorResult<SubscriptionEvent>> {
    const event = this.waiting.shift();
    if (event) {
      this.channel.taken();
      this.beforeSend(event);
      return { value: event, done: false };
    }
    if (this.failure) {
      const failure = this.failure;
      this.failure = undefined;
      throw failure;
    }
    if (this.done) return { value: undefined, done: true };
    return new Promise((resolve, reject) => this.takers.push({ resolve, reject }));
  }

  async return(): Promise<IteratorResult<SubscriptionEvent>> {
    this.finish();
    return { value: undefined, done: true };
  }

  /**
   * Nothing waits to be sent and the consumer has asked for the next event, which graphql-ws
   * does only once the previous one is on the socket (or the subscription has ended).
   */
  get idle(): boolean {
    return this.done || (this.waiting.length === 0 && this.takers.length > 0);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    for (let i = 0; i < this.waiting.length; i++) this.channel.taken();
    this.waiting.length = 0;
    this.onEnd();
    for (const taker of this.takers.splice(0)) {
      if (this.failure) {
        taker.reject(this.failure);
        this.failure = undefined;
      } else {
        taker.resolve({ value: undefined, done: true });
      }
    }
  }
}
