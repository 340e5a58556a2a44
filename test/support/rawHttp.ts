import { connect, type Socket } from 'node:net';

/** What came back on a raw socket: the status and body if an answer arrived, and whether the server closed it. */
export interface RawAnswer {
  status?: number;
  headers: Record<string, string>;
  body: string;
  closedByServer: boolean;
}

/**
 * An HTTP/1.1 request written byte by byte over a plain socket, so a test can stop anywhere
 * (mid-headers, mid-body) as a broken client or an attacker does, which `fetch` cannot.
 */
export class RawHttpClient {
  readonly socket: Socket;
  private received = Buffer.alloc(0);
  private closed = false;
  private readonly ended: Promise<void>;

  constructor(url: string) {
    const { hostname, port } = new URL(url);
    this.socket = connect(Number(port), hostname);
    this.socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
    });
    // A reset from a server that closed first is one of the outcomes under test.
    this.socket.on('error', () => undefined);
    this.ended = new Promise((resolve) =>
      this.socket.once('close', () => {
        this.closed = true;
        resolve();
      }),
    );
  }

  /** Writes and waits until the bytes have left this process. */
  write(bytes: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(bytes, (error) => (error ? reject(error) : resolve())));
  }

  /** The client goes away without finishing its request. */
  abort(): Promise<void> {
    this.socket.destroy();
    return this.ended;
  }

  /** Resolves with the answer once a whole response is in, or the server closes the socket. */
  async answer(): Promise<RawAnswer> {
    for (;;) {
      const parsed = parseResponse(this.received);
      if (parsed?.complete || this.closed) {
        return { ...(parsed ?? { headers: {}, body: '' }), closedByServer: this.closed };
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.socket.off('data', wake);
          this.socket.off('close', wake);
          resolve();
        };
        this.socket.once('data', wake);
        this.socket.once('close', wake);
      });
    }
  }

  /** Resolves when the server has closed the connection. */
  closedByServer(): Promise<void> {
    return this.ended;
  }
}

function parseResponse(
  bytes: Buffer,
): { status: number; headers: Record<string, string>; body: string; complete: boolean } | undefined {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = bytes.subarray(end + 4);
  const status = Number(statusLine.split(' ')[1]);
  if (headers['transfer-encoding'] === 'chunked') {
    const { body, complete } = dechunk(rest);
    return { status, headers, body, complete };
  }
  const length = Number(headers['content-length'] ?? 0);
  return { status, headers, body: rest.subarray(0, length).toString('utf8'), complete: rest.length >= length };
}

function dechunk(bytes: Buffer): { body: string; complete: boolean } {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd < 0) return { body: Buffer.concat(parts).toString('utf8'), complete: false };
    const size = parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
    if (size === 0) return { body: Buffer.concat(parts).toString('utf8'), complete: true };
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

export const BOUNDARY = 'graphkeep-test-boundary';

/** One part of a multipart body, written as a browser's FormData would. */
export function formPart(name: string, value: string | Buffer, file?: { filename: string; type: string }): Buffer {
  const disposition = file
    ? `form-data; name="${name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}`
    : `form-data; name="${name}"`;
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n\r\n`),
    Buffer.from(value),
    Buffer.from('\r\n'),
  ]);
}

export const FORM_END = Buffer.from(`--${BOUNDARY}--\r\n`);

/** The request line and headers of a multipart upload whose body is `length` bytes. */
export function multipartHead(length: number, extra: Record<string, string> = {}): string {
  const headers = {
    host: 'localhost',
    'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
    'content-length': String(length),
    'apollo-require-preflight': 'true',
    ...extra,
  };
  return `POST /graphql HTTP/1.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')}\r\n`;
}
