import type { Readable } from 'node:stream';

/**
 * Where uploaded files' bytes live (docs/files.md), beside the documents: a folder on disk for the
 * embedded store, GridFS on MongoDB. Ids are chosen by the caller (letters, digits, `.`, `_`,
 * `-`); the store knows nothing of the objects or fields a file belongs to.
 */
export interface FileStore {
  /**
   * Writes `source` under `id`, counting bytes as they arrive: past `maxBytes` it stops
   * reading, removes what it wrote and throws `FileTooLarge`. Any other failure also leaves
   * nothing behind. Resolves with the size and the SHA-256 of the content (hex).
   */
  put(id: string, source: AsyncIterable<Buffer>, maxBytes: number): Promise<PutResult>;
  /** The bytes `start..end` (inclusive; the whole file without a range), or null when no such file. */
  read(id: string, range?: ByteRange): Promise<Readable | null>;
  /** Removes the file; removing a missing file is not an error. */
  delete(id: string): Promise<void>;
}

export interface PutResult {
  size: number;
  sha256: string;
}

export interface ByteRange {
  start: number;
  end: number;
}

export class FileTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the file is larger than ${limit} bytes`);
    this.name = 'FileTooLarge';
  }
}

const FILE_ID = /^[A-Za-z0-9._-]{1,200}$/;

/** Ids become file names and GridFS keys: refuse anything that could climb out of the folder. */
export function assertFileId(id: string): void {
  if (!FILE_ID.test(id) || id.startsWith('.')) throw new Error(`invalid file id ${JSON.stringify(id)}`);
}
