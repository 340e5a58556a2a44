import type { WebSocket } from 'ws';
import { tokenExpiryMs } from '../auth/tokenExpiry';
import type { Viewer } from '../Viewer';
import type { SubscriberChannel } from '../resolvers/SubscriberChannel';
import type { ChangeEvent } from '../store/Store';
import { CLOSE_SEND_BUFFER_FULL, CLOSE_TOO_MANY_CONNECTIONS, CLOSE_UNAUTHENTICATED } from './webSocketLimits';

/** One acknowledged connection: who it is, the token it showed, and its send budget. */
export class WebSocketSession implements SubscriberChannel {
  pending = 0;
  private expiry: NodeJS.Timeout | undefined;

  constructor(
    readonly socket: WebSocket,
    readonly viewer: Viewer,
    readonly authorization: string | undefined,
    readonly key: string,
    readonly clientAddress: string,
    private readonly maxPending: number,
  ) {
    const expiresAt = authorization ? tokenExpiryMs(authorization.replace(/^bearer\s+/i, '')) : undefined;
    if (expiresAt !== undefined) {
      // setTimeout holds at most ~24.8 days; a longer token is checked again then.
      this.expiry = setTimeout(
        () => this.close(CLOSE_UNAUTHENTICATED, 'this token has expired'),
        Math.min(Math.max(expiresAt - Date.now(), 0), 2 ** 31 - 1),
      );
      this.expiry.unref();
    }
  }

  queued(): boolean {
    this.pending++;
    if (this.pending <= this.maxPending) return true;
    this.close(CLOSE_SEND_BUFFER_FULL, `more than ${this.maxPending} events waiting: the client reads too slowly`);
    return false;
  }

  taken(): void {
    this.pending--;
  }

  close(code: number, reason: string): void {
    if (this.expiry) clearTimeout(this.expiry);
    // A reason is at most 123 bytes in a close frame.
    if (this.socket.readyState === this.socket.OPEN || this.socket.readyState === this.socket.CONNECTING)
      this.socket.close(code, reason.slice(0, 120));
  }

  ended(): void {
    if (this.expiry) clearTimeout(this.expiry);
  }
}

/**
 * The open sessions of this process: counted per user (connections per user, docs/subscriptions.md) and
 * checked again when an account they depend on changes: a deleted user, a password change
 * (a new token version), a revoked admin token end the connection with 4401 as soon as the
 * change feed reports the write.
 */
export class WebSocketSessions {
  private readonly byKey = new Map<string, Set<WebSocketSession>>();

  constructor(
    private readonly maxPerKey: number,
    private readonly recheck: (session: WebSocketSession) => Promise<boolean>,
    private readonly accountCollections: { users: string; adminTokens: string },
  ) {}

  /** Registers a session, or closes it (4403) when its user has too many already. */
  open(session: WebSocketSession): boolean {
    let set = this.byKey.get(session.key);
    if (!set) this.byKey.set(session.key, (set = new Set()));
    if (set.size >= this.maxPerKey) {
      session.close(CLOSE_TOO_MANY_CONNECTIONS, `at most ${this.maxPerKey} connections per user`);
      return false;
    }
    set.add(session);
    return true;
  }

  end(session: WebSocketSession): void {
    session.ended();
    const set = this.byKey.get(session.key);
    set?.delete(session);
    if (set?.size === 0) this.byKey.delete(session.key);
  }

  get size(): number {
    let size = 0;
    for (const set of this.byKey.values()) size += set.size;
    return size;
  }

  /** The change feed's listener: sessions whose account was written to are checked again. */
  readonly onChanges = (events: ChangeEvent[]): void => {
    const users = new Set<string>();
    let adminTokensChanged = false;
    for (const event of events) {
      if (event.collection === this.accountCollections.users) users.add(event.id);
      if (event.collection === this.accountCollections.adminTokens) adminTokensChanged = true;
    }
    for (const [key, sessions] of this.byKey) {
      const affected = key.startsWith('user:')
        ? users.has(key.slice('user:'.length))
        : key.startsWith('admin:') && adminTokensChanged;
      if (!affected) continue;
      for (const session of sessions) {
        void this.recheck(session).then((valid) => {
          if (!valid) session.close(CLOSE_UNAUTHENTICATED, 'this token is no longer valid');
        });
      }
    }
  };
}

export function sessionKey(viewer: Viewer, clientAddress: string): string {
  if (viewer.kind === 'user') return `user:${viewer.id}`;
  if (viewer.kind === 'adminToken') return `admin:${viewer.name}`;
  return `address:${clientAddress}`;
}
