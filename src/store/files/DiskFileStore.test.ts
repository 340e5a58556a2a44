import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { DiskFileStore } from './DiskFileStore';
import { FileTooLarge } from './FileStore';

async function* chunks(...parts: string[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield Buffer.from(part);
}

describe('DiskFileStore', () => {
  let dir: string;
  let files: DiskFileStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'graphkeep-files-'));
    files = new DiskFileStore(join(dir, 'files'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('put, read whole and in ranges, delete', async () => {
    const result = await files.put('a.1', chunks('hello ', 'world'), 11);
    expect(result).toEqual({ size: 11, sha256: 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9' });
    expect((await buffer((await files.read('a.1'))!)).toString()).toBe('hello world');
    expect((await buffer((await files.read('a.1', { start: 6, end: 10 }))!)).toString()).toBe('world');
    await files.delete('a.1');
    await files.delete('a.1');
    expect(await files.read('a.1')).toBeNull();
  });

  test('past maxBytes it stops, throws FileTooLarge and leaves nothing, not even a partial file', async () => {
    await expect(files.put('big', chunks('12345', '67890', 'x'), 10)).rejects.toBeInstanceOf(FileTooLarge);
    expect(readdirSync(join(dir, 'files'))).toEqual([]);
  });

  test.each(['../escape', '.hidden', 'a/b', ''])('refuses the id %j', async (id) => {
    await expect(files.put(id, chunks('x'), 10)).rejects.toThrow('invalid file id');
  });
});
