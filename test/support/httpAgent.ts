import { Agent } from 'undici';

/**
 * The one agent every `fetch` in a test goes through (`testEnvironment.ts` installs it). It keeps
 * no connection idle: each request asks for `connection: close`, so the server never closes a
 * connection the client is about to write into (ECONNRESET, "other side closed").
 *
 * An idle timeout shorter than the server's is not enough in tests: the server runs in the
 * test's own process, and a test that holds the event loop (seeding thousands of objects
 * through the store) makes both idle timers overdue at once; the next request is written into
 * the pooled connection before either timer runs, and the server then drops it. A connection
 * per request costs nothing measurable on loopback and leaves no timer to lose that race.
 */
export function createTestAgent(): Agent {
  return new Agent({ pipelining: 0 });
}
