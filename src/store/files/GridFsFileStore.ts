import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GridFSBucket, MongoRuntimeError, type Db } from 'mongodb';
import { countBytes } from './countBytes';
import { assertFileId, type ByteRange, type FileStore, type PutResult } from './FileStore';

/** The GridFS bucket files go in: collections `files.files` and `files.chunks`. */
export const GRIDFS_BUCKET = 'files';

/**
 * Files in MongoDB GridFS, keyed by our id (a string `_id`), so every API process sees the
 * same files. An upload that fails or runs over its limit is aborted, which deletes the
 * chunks it had written.
 */
export class GridFsFileStore implements FileStore {
  private readonly bucket: GridFSBucket;

  constructor(db: Db) {
    this.bucket = new GridFSBucket(db, { bucketName: GRIDFS_BUCKET });
  }

  async put(id: string, source: AsyncIterable<Buffer>, maxBytes: number): Promise<PutResult> {
    assertFileId(id);
    const counted = countBytes(source, maxBytes);
    // The driver types GridFS ids as ObjectId but stores any value; ours are strings, like our documents' _id.
    const upload = this.bucket.openUploadStreamWithId(id as never, id);
    try {
      await pipeline(Readable.from(counted.stream), upload);
    } catch (error) {
      await upload.abort().catch(() => undefined);
      throw error;
    }
    return counted.result();
  }

  async read(id: string, range?: ByteRange): Promise<Readable | null> {
    assertFileId(id);
    const [file] = await this.bucket.find({ _id: id as never }, { limit: 1 }).toArray();
    if (!file) return null;
    // GridFS's `end` is exclusive; ours, like HTTP's, is inclusive.
    return this.bucket.openDownloadStream(id as never, range ? { start: range.start, end: range.end + 1 } : {});
  }

  async delete(id: string): Promise<void> {
    assertFileId(id);
    try {
      await this.bucket.delete(id as never);
    } catch (error) {
      // The driver reports a missing file as a runtime error ("File not found for id …").
      if (!(error instanceof MongoRuntimeError && /not found/i.test(error.message))) throw error;
    }
  }
}
