import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { BodyTooLarge, ClientClosedRequest, readBody } from './readBody';

/** A request body as the HTTP server hands it over: a stream with headers. */
function requestOf(chunks: string[], headers: Record<string, string> = {}): IncomingMessage & PassThrough {
  const stream = Object.assign(new PassThrough(), { headers }) as unknown as IncomingMessage & PassThrough;
  setImmediate(() => {
    for (const chunk of chunks) stream.write(chunk);
    stream.end();
  });
  return stream;
}

describe('readBody', () => {
  test.each([
    ['one chunk', ['{"query":"{ a }"}'], 100, '{"query":"{ a }"}'],
    ['several chunks, joined in order', ['{"qu', 'ery":', '"{ a }"}'], 100, '{"query":"{ a }"}'],
    ['exactly the limit', ['x'.repeat(10)], 10, 'x'.repeat(10)],
    ['nothing', [], 10, ''],
  ])('%s', async (_name, chunks, limit, expected) => {
    expect(await readBody(requestOf(chunks), limit)).toBe(expected);
  });

  test('a multi-byte character split across chunks is read whole', async () => {
    const euro = Buffer.from('"€"', 'utf8');
    const stream = Object.assign(new PassThrough(), { headers: {} }) as unknown as IncomingMessage & PassThrough;
    setImmediate(() => {
      stream.write(euro.subarray(0, 2));
      stream.write(euro.subarray(2));
      stream.end();
    });
    expect(await readBody(stream, 100)).toBe('"€"');
  });

  test('a declared length above the limit is refused before reading', async () => {
    const request = requestOf(['x'.repeat(5)], { 'content-length': '11' });
    await expect(readBody(request, 10)).rejects.toBeInstanceOf(BodyTooLarge);
  });

  test('an undeclared body that grows past the limit is refused and its stream ended', async () => {
    const request = requestOf(['x'.repeat(6), 'x'.repeat(6)]);
    await expect(readBody(request, 10)).rejects.toBeInstanceOf(BodyTooLarge);
    expect(request.destroyed).toBe(true);
  });

  test("a stream error (the connection reset) rejects as the client's leaving", async () => {
    const stream = Object.assign(new PassThrough(), { headers: {} }) as unknown as IncomingMessage & PassThrough;
    setImmediate(() => stream.destroy(new Error('reset by peer')));
    await expect(readBody(stream, 10)).rejects.toBeInstanceOf(ClientClosedRequest);
  });

  test('a stream closed before its end rejects', async () => {
    const stream = Object.assign(new PassThrough(), { headers: {} }) as unknown as IncomingMessage & PassThrough;
    setImmediate(() => {
      stream.write('{"qu');
      stream.destroy();
    });
    await expect(readBody(stream, 100)).rejects.toBeInstanceOf(ClientClosedRequest);
  });
});
