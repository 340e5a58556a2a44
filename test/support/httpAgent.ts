import { Agent } from 'undici';

/**
 * How long the tests' HTTP client keeps an idle connection: far below the server's keep-alive
 * timeout (Node's 5 s default, 65 s in production settings), so the client always closes first
 * and no request is ever written into a connection the server is closing (ECONNRESET, "other
 * side closed"). undici checks long timers about once a second, so the margin must be wide.
 */
export const CLIENT_IDLE_MS = 1_000;

/** The one agent every `fetch` in a test goes through (`testEnvironment.ts` installs it). */
export function createTestAgent(): Agent {
  // keepAliveMaxTimeout caps what a server's `Keep-Alive: timeout=…` hint may stretch it to.
  return new Agent({ keepAliveTimeout: CLIENT_IDLE_MS, keepAliveMaxTimeout: CLIENT_IDLE_MS });
}
