import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { countBytes } from './countBytes';
import { assertFileId, type ByteRange, type FileStore, type PutResult } from './FileStore';

/**
 * Files under one folder (`DATA_DIR/files` for the embedded store). A file is written to
 * `<id>.part` and renamed when complete, so a reader never sees half a file and a crash
 * leaves only `.part` files, which are never served.
 */
export class DiskFileStore implements FileStore {
  constructor(private readonly dir: string) {}

  private path(id: string): string {
    assertFileId(id);
    return join(this.dir, id);
  }

  async put(id: string, source: AsyncIterable<Buffer>, maxBytes: number): Promise<PutResult> {
    const target = this.path(id);
    const partial = `${target}.part`;
    await mkdir(this.dir, { recursive: true });
    const counted = countBytes(source, maxBytes);
    const sink = createWriteStream(partial, { flags: 'wx' });
    try {
      await pipeline(Readable.from(counted.stream), sink);
      await rename(partial, target);
    } catch (error) {
      // The file is opened asynchronously: a stream stopped early (an oversized upload) may
      // create it after the pipeline has failed, so wait until it is closed before removing it.
      if (!sink.closed) await new Promise<void>((resolve) => sink.once('close', () => resolve()));
      await unlink(partial).catch(() => undefined);
      throw error;
    }
    return counted.result();
  }

  async read(id: string, range?: ByteRange): Promise<Readable | null> {
    const path = this.path(id);
    try {
      await stat(path);
    } catch {
      return null;
    }
    return createReadStream(path, range ? { start: range.start, end: range.end } : {});
  }

  async delete(id: string): Promise<void> {
    await unlink(this.path(id)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
}
