/** Every clock API but `Date`: the server's timers, sockets and polls run as they always do. */
const KEPT_REAL = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
] as const;

/**
 * Stops `Date` for the test file's code, the in-process server included, until `advance` moves
 * it: a window or an expiry ends when the test says so, never because the machine was slow.
 * Call it before starting the server, which keeps the clock it started with.
 */
export function frozenDate(): { advance(ms: number): void; restore(): void } {
  jest.useFakeTimers({ doNotFake: [...KEPT_REAL] });
  return {
    advance: (ms) => jest.setSystemTime(Date.now() + ms),
    restore: () => jest.useRealTimers(),
  };
}
