import type { ChangeStream, Db } from 'mongodb';
import type { ChangeListener, StoredDoc } from '../Store';
import { CHANGE_STREAM_OPTIONS, changeEventFromMongo } from './changeStream';

/**
 * One database-wide change stream per process, shared by its listeners, opened when the
 * first one arrives: it starts at the present, so a restart replays nothing (SPEC §7).
 * MongoDB delivers every committed write of every process, in commit order.
 */
export class MongoChangeFeed {
  private readonly listeners = new Set<ChangeListener>();
  private stream: ChangeStream<StoredDoc> | undefined;

  constructor(private readonly db: Db, private readonly onError: (error: unknown) => void) {}

  watch(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    if (!this.stream) this.open();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) void this.stop();
    };
  }

  async stop(): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    await stream?.close();
  }

  private open(): void {
    const stream = this.db.watch<StoredDoc>([], CHANGE_STREAM_OPTIONS);
    stream.on('change', (change) => {
      const event = changeEventFromMongo(change);
      if (!event) return;
      for (const listener of [...this.listeners]) listener([event]);
    });
    stream.on('error', (error) => this.onError(error));
    this.stream = stream;
  }
}
