import type { ChangeStream, Db, ResumeToken } from 'mongodb';
import type { ChangeListener, StoredDoc } from '../Store';
import { CHANGE_STREAM_OPTIONS, changeStreamPipeline, CommitAssembler } from './changeStream';
import { GRIDFS_BUCKET } from '../files/GridFsFileStore';

/** Wait before reopening a change stream that failed (a primary stepping down, a network cut). */
const REOPEN_DELAY_MS = 1000;

/**
 * One database-wide change stream per process, shared by its listeners, opened when the
 * first one arrives: it starts at the present, so a restart replays nothing (docs/subscriptions.md).
 * MongoDB delivers every committed write of every process, in commit order. A stream that
 * fails is reopened after the last event it delivered (its resume token), so no event is
 * lost while the oplog still holds it: delivery is at least once. The writes of one
 * transaction reach listeners together, as one commit (`CommitAssembler`).
 */
export class MongoChangeFeed {
  private readonly listeners = new Set<ChangeListener>();
  private stream: ChangeStream<StoredDoc> | undefined;
  private resumeAfter: ResumeToken | undefined;
  private reopening: NodeJS.Timeout | undefined;
  private commits = new CommitAssembler();

  constructor(
    private readonly db: Db,
    private readonly onError: (error: unknown) => void,
  ) {}

  watch(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    if (!this.stream && !this.reopening) this.open();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) void this.stop();
    };
  }

  async stop(): Promise<void> {
    if (this.reopening) clearTimeout(this.reopening);
    this.reopening = undefined;
    this.resumeAfter = undefined;
    this.commits = new CommitAssembler();
    const stream = this.stream;
    this.stream = undefined;
    await stream?.close();
  }

  private open(): void {
    const pipeline = changeStreamPipeline([`${GRIDFS_BUCKET}.files`, `${GRIDFS_BUCKET}.chunks`]);
    const stream = this.db.watch<StoredDoc>(pipeline, {
      ...CHANGE_STREAM_OPTIONS,
      ...(this.resumeAfter ? { resumeAfter: this.resumeAfter } : {}),
    });
    stream.on('change', (change) => {
      this.resumeAfter = change._id;
      const events = this.commits.accept(change).flat();
      if (events.length === 0) return;
      for (const listener of [...this.listeners]) listener(events);
    });
    stream.on('error', (error) => {
      this.onError(error);
      if (this.stream !== stream) return;
      this.stream = undefined;
      void stream.close();
      this.reopening = setTimeout(() => {
        this.reopening = undefined;
        if (this.listeners.size > 0) this.open();
      }, REOPEN_DELAY_MS);
      this.reopening.unref();
    });
    this.stream = stream;
  }
}
