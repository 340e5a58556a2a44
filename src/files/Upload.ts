import type { Readable } from 'node:stream';

/** One file part of a multipart request, as it starts to arrive. */
export interface FileUpload {
  /** The name the client gave; shown back as `File.name`, never used as a path. */
  filename: string;
  /** The type the client declared; checked against the bytes before it counts. */
  mimeType: string;
  stream: Readable;
}

/**
 * A file a multipart request promises in its `map` (the GraphQL multipart request
 * convention). The variables hold an `Upload` where the file goes; `file` resolves when its
 * part begins, while the request body is still streaming in, so a resolver can store it as it
 * arrives and stop it at the size limit.
 */
export class Upload {
  readonly file: Promise<FileUpload>;
  /** Set once a resolver has taken the stream; the HTTP layer drains the ones nobody took. */
  taken = false;
  resolve!: (file: FileUpload) => void;
  reject!: (error: Error) => void;

  constructor() {
    this.file = new Promise<FileUpload>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // A request may end (bad query, refused write) before anyone awaits the file.
    this.file.catch(() => undefined);
  }

  /** The part, marked as taken. */
  async take(): Promise<FileUpload> {
    this.taken = true;
    return this.file;
  }
}
