import type { Readable } from 'node:stream';

/**
 * Reads the first `bytes` of `stream` (fewer if it ends first) without consuming the rest:
 * `rest` yields everything, head included. `drain()` reads and drops whatever is left, for a
 * refused upload: the multipart body must still be read to its end, and destroying one part
 * would stall the parser behind it.
 */
export async function readHead(
  stream: Readable,
  bytes: number,
): Promise<{ head: Buffer; rest: AsyncGenerator<Buffer>; drain(): void }> {
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const chunks: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(chunks);
  async function* rest(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (ended) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    ended = true;
  }
  return {
    head: head.subarray(0, bytes),
    rest: rest(),
    drain() {
      if (ended) return;
      void (async () => {
        try {
          while (!(await iterator.next()).done) {
            /* dropped */
          }
        } catch {
          /* the client went away: nothing left to drain */
        }
      })();
    },
  };
}
