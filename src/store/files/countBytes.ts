import { createHash } from 'node:crypto';
import { FileTooLarge, type PutResult } from './FileStore';

/**
 * Passes `source` through while counting and hashing it, and throws `FileTooLarge` as soon as
 * more than `maxBytes` have gone by, so an oversized upload stops mid-stream instead of being
 * stored first and measured after. `result()` is the size and SHA-256 once it has ended.
 */
export function countBytes(
  source: AsyncIterable<Buffer>,
  maxBytes: number,
): { stream: AsyncGenerator<Buffer>; result(): PutResult } {
  const hash = createHash('sha256');
  let size = 0;
  async function* stream(): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      size += chunk.length;
      if (size > maxBytes) throw new FileTooLarge(maxBytes);
      hash.update(chunk);
      yield chunk;
    }
  }
  let digest: string | undefined;
  return { stream: stream(), result: () => ({ size, sha256: (digest ??= hash.digest('hex')) }) };
}
