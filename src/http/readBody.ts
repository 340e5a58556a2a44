import type { IncomingMessage } from 'node:http';

export class BodyTooLarge extends Error {}

/** The client went away before its body ended: there is no one to answer (logged as 499, as nginx does). */
export class ClientClosedRequest extends Error {
  constructor() {
    super('the client closed the request before its body ended');
  }
}

/** The status a request's log line shows when its client left before the answer. */
export const CLIENT_CLOSED_REQUEST = 499;

/**
 * Reads a request body, refusing (without buffering it) one longer than `limit` bytes. Plain
 * `data`/`end` listeners rather than `for await`: the stream's async iterator costs a promise
 * and a queue per chunk, on every request. A refused body ends the request's stream (and its
 * connection), as leaving the loop of that iterator did.
 */
export function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLarge());
  // Listeners stay on the request until it is gone: once the promise is settled, what they
  // do is a no-op (and anonymous listeners cost no function naming per request under tsx).
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let ended = false;
    request.on('data', (chunk: Buffer) => {
      if (size > limit) return;
      size += chunk.length;
      if (size > limit) {
        request.destroy();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      ended = true;
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    // An incoming request fails only when its connection does ("aborted"): the client's doing.
    request.on('error', () => reject(new ClientClosedRequest()));
    // The client went away before the end of its body.
    request.on('close', () => {
      if (!ended) reject(new ClientClosedRequest());
    });
  });
}
