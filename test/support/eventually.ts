/**
 * Polls `check` until it returns a value other than undefined, at most `attempts` times.
 * A bounded wait on an outcome, never an assertion on how long it took.
 */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  what: string,
  attempts = 200,
  pauseMs = 25,
): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  throw new Error(`gave up waiting for ${what}`);
}
