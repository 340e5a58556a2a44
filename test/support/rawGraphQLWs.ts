import WebSocket from 'ws';
import { eventually } from './eventually';

/** A message the server sent, as parsed JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ServerMessage = { type: string; id?: string; payload?: any };

/**
 * The graphql-ws protocol spoken frame by frame over a plain `ws` socket, so a test can send
 * what no well-behaved client sends (a bad frame, a duplicate id, a server's message type) and
 * several frames back to back, and see exactly what comes back and how the socket closes.
 */
export class RawGraphQLWs {
  readonly socket: WebSocket;
  readonly messages: ServerMessage[] = [];
  closed: { code: number; reason: string } | undefined;
  private readonly opened: Promise<void>;

  constructor(httpUrl: string) {
    this.socket = new WebSocket(httpUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
    this.socket.on('message', (data) => this.messages.push(JSON.parse(String(data)) as ServerMessage));
    this.socket.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
    });
    this.socket.on('error', () => undefined);
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
  }

  /** Opens the socket and waits for `connection_ack`. */
  async init(payload: Record<string, unknown> = {}): Promise<this> {
    await this.opened;
    this.send({ type: 'connection_init', payload });
    await eventually(() => this.messages.find((message) => message.type === 'connection_ack'), 'connection_ack');
    return this;
  }

  /** Sends one frame: an object as JSON, a string as it is. */
  send(frame: object | string): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  subscribe(id: string, payload: Record<string, unknown>): void {
    this.send({ id, type: 'subscribe', payload });
  }

  /** The `next` or `error` message for `id`, once it has come. */
  answer(id: string): Promise<ServerMessage> {
    return eventually(
      () => this.messages.find((message) => message.id === id && (message.type === 'next' || message.type === 'error')),
      `an answer to ${id}`,
    );
  }

  /** The close code, once the server has closed the socket. */
  closeCode(): Promise<number> {
    return eventually(() => this.closed?.code, 'the socket to close');
  }

  close(): void {
    this.socket.close();
  }
}
