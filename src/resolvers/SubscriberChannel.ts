/**
 * What a connection lends the subscriptions it carries: one send budget for all of them
 * (docs/subscriptions.md: the send buffer of a slow client is bounded; past it, that connection is closed
 * and nobody else waits). The WebSocket layer implements it; resolvers only count.
 */
export interface SubscriberChannel {
  /** An event was queued for this connection; false when that overflowed its budget. */
  queued(): boolean;
  /** A queued event was handed to the connection for sending. */
  taken(): void;
}
