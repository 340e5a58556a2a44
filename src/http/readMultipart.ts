import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { userError } from '../errors';
import { Upload } from '../files/Upload';
import { placeUploads } from './placeUploads';
import { CLIENT_CLOSED_REQUEST } from './readBody';

/** The most files one request may carry. */
export const MAX_UPLOAD_FILES = 10;

/**
 * Headers a browser cannot send cross-site without a CORS preflight. A multipart form is a
 * "simple" request a hostile page could send with the user's cookies, so, as Apollo Server
 * does, an upload must carry one of these (Apollo Client's upload link sends
 * `apollo-require-preflight: true` when told to; any non-empty value works).
 */
export const PREFLIGHT_HEADERS = ['apollo-require-preflight', 'x-apollo-operation-name', 'graphql-preflight'];

export class MultipartProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface MultipartLimits {
  /** For `operations` and `map`: the JSON body limit. */
  maxFieldBytes: number;
  /** The largest file any field accepts; each field's own `maxSize` is enforced when storing. */
  maxFileBytes: number;
}

export interface MultipartRequest {
  /** `operations`, with an `Upload` wherever `map` puts a file. */
  body: Record<string, unknown>;
  /**
   * Drains the parts nobody took and resolves once the body has been read to its end, or
   * has broken off (the client went away, the form is malformed): never waits on a part.
   */
  finish(): Promise<void>;
  /** Whether the body broke off before its end (the client went away, or the form is malformed). */
  broken(): boolean;
  /** Whether the client went away before its body ended: there is no one to answer. */
  clientGone(): boolean;
}

export function isMultipart(request: IncomingMessage): boolean {
  return (request.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
}

export function hasPreflightHeader(request: IncomingMessage): boolean {
  return PREFLIGHT_HEADERS.some((name) => {
    const value = request.headers[name];
    return typeof value === 'string' && value.trim() !== '';
  });
}

/**
 * Reads a GraphQL multipart request (`operations`, then `map`, then the files) with busboy.
 * Resolves as soon as `operations` and `map` are in, while the files are still arriving:
 * each `Upload` gets its part's stream when the part begins, so resolvers store files as
 * they stream in. Rejects with a `MultipartProblem` when the request is not one.
 *
 * Every part stream has its `error` handled and is either handed to its `Upload` or read
 * and dropped (a part left unread would stall the parser behind it). When the body breaks
 * off (the client goes away, the server's request timeout ends it, the form is malformed or
 * cut short), the part being read fails with the reason and every file still awaited is
 * refused with BAD_USER_INPUT, so no resolver and no `finish()` is left waiting.
 */
export function readMultipart(request: IncomingMessage, limits: MultipartLimits): Promise<MultipartRequest> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        limits: {
          fieldSize: limits.maxFieldBytes,
          fields: 2,
          files: MAX_UPLOAD_FILES,
          fileSize: limits.maxFileBytes + 1,
        },
      });
    } catch {
      reject(new MultipartProblem(400, 'a multipart request needs a content-type with a boundary'));
      return;
    }
    let operations: unknown;
    let parts: Map<string, Upload> | undefined;
    let settled = false;
    let gone = false;
    let broken = false;
    let ended!: () => void;
    const finished = new Promise<void>((done) => {
      ended = done;
    });
    const fail = (status: number, message: string) => {
      if (settled) return;
      settled = true;
      reject(new MultipartProblem(gone ? CLIENT_CLOSED_REQUEST : status, message));
    };
    /** The parser is done, whole or broken: nothing more will arrive. */
    const close = (problem?: string) => {
      for (const [name, upload] of parts ?? [])
        upload.reject(
          userError(
            'BAD_USER_INPUT',
            problem
              ? `file part "${name}" never arrived: ${problem}`
              : `the request has no file part "${name}" (a part of the form with name="${name}" and a filename)`,
          ),
        );
      parts?.clear();
      fail(400, problem ?? 'the request has no operations and map');
      ended();
    };

    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) return fail(413, `${name} is larger than ${limits.maxFieldBytes} bytes`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        return fail(400, `${name} is not valid JSON`);
      }
      if (name === 'operations') {
        operations = parsed;
      } else if (name === 'map') {
        if (operations === undefined) return fail(400, 'operations must come before map');
        const placed = placeUploads(operations, parsed, () => new Upload(), MAX_UPLOAD_FILES);
        if ('problem' in placed) return fail(400, placed.problem);
        parts = placed.parts;
        const uploads = [...placed.parts.values()];
        settled = true;
        resolve({
          body: placed.operations,
          async finish() {
            for (const upload of uploads) {
              if (!upload.taken)
                void upload.file.then(
                  (file) => file.stream.resume(),
                  () => undefined,
                );
            }
            await finished;
          },
          broken: () => broken,
          clientGone: () => gone,
        });
      }
    });
    parser.on('file', (name, stream: Readable, info) => {
      // Whoever reads the part sees its error too; this listener only keeps it from being unhandled.
      stream.on('error', () => undefined);
      const upload = parts?.get(name);
      if (!upload) {
        stream.resume();
        if (!parts) fail(400, 'operations and map must come before the files');
        return;
      }
      parts!.delete(name);
      upload.resolve({ filename: info.filename ?? 'file', mimeType: info.mimeType, stream });
    });
    parser.on('close', () => close());
    parser.on('error', (error: Error) => {
      broken = true;
      // What is left of the body is read and dropped, so the answer reaches a client still sending.
      request.unpipe(parser);
      request.resume();
      close(
        gone
          ? 'the client closed the request before its body ended'
          : `the multipart body is malformed: ${error.message}`,
      );
    });
    request.on('close', () => {
      if (request.complete) return;
      gone = true;
      parser.destroy(new Error('the client closed the request before its body ended'));
    });
    request.pipe(parser);
  });
}
