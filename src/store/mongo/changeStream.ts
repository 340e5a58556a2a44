import type { ChangeStreamDocument, ChangeStreamOptions, Document } from 'mongodb';
import type { ChangeEvent, StoredDoc } from '../Store';

/**
 * Change stream options for docs/subscriptions.md: the document before and after each change. Both images
 * need `changeStreamPreAndPostImages` on the collection (set by `ensureCollections`); when an
 * image is missing anyway (a collection created before), the translator rebuilds what it can.
 */
export const CHANGE_STREAM_OPTIONS: ChangeStreamOptions = {
  fullDocument: 'whenAvailable',
  fullDocumentBeforeChange: 'whenAvailable',
};

/**
 * Every transaction of the store writes one marker here as its last write, so the feed knows
 * where a transaction's writes end without waiting for the next change. Markers expire after
 * `COMMIT_MARKER_TTL_SECONDS` (a TTL index); only their inserts reach the feed.
 */
export const COMMITS_COLLECTION = 'gk_commits';
export const COMMIT_MARKER_TTL_SECONDS = 300;

/** The marker a transaction writes last (`_id` from `newId`, so it is fresh on every attempt). */
export function commitMarker(newId: () => string, now: Date): { _id: string; at: Date } {
  return { _id: newId(), at: now };
}

/** The TTL index that expires markers: the feed needs them only until it has read them. */
export const COMMIT_MARKER_INDEX = {
  key: { at: 1 },
  options: { name: 'gk_commits_expire', expireAfterSeconds: COMMIT_MARKER_TTL_SECONDS },
} as const;

/**
 * The stream's `$match`: every document write except those of `ignored` collections (uploaded
 * files' GridFS chunks, which are no object's change) and the markers' own expiry.
 */
export function changeStreamPipeline(ignored: readonly string[]): Document[] {
  return [
    {
      $match: {
        'ns.coll': { $nin: [...ignored] },
        $or: [{ 'ns.coll': { $ne: COMMITS_COLLECTION } }, { operationType: 'insert' }],
      },
    },
  ];
}

type Change = ChangeStreamDocument<StoredDoc>;

/**
 * One MongoDB change event → the port's `ChangeEvent`, or null for events that are not a
 * document write (drops, index changes). Without a post-image, an update's `after` is the
 * pre-image with the update description applied (top-level fields only, as the store
 * writes them); without either image, the event carries what the stream gave.
 */
export function changeEventFromMongo(event: Change, commit: string): ChangeEvent | null {
  switch (event.operationType) {
    case 'insert':
      return {
        collection: event.ns.coll,
        id: String(event.documentKey._id),
        before: null,
        after: event.fullDocument,
        commit,
      };
    case 'replace':
      return {
        collection: event.ns.coll,
        id: String(event.documentKey._id),
        before: event.fullDocumentBeforeChange ?? null,
        after: event.fullDocument,
        commit,
      };
    case 'update': {
      const before = event.fullDocumentBeforeChange ?? null;
      let after = event.fullDocument ?? null;
      if (!after && before) {
        after = { ...before, ...(event.updateDescription.updatedFields ?? {}) } as StoredDoc;
        for (const field of event.updateDescription.removedFields ?? []) delete after[field];
      }
      return { collection: event.ns.coll, id: String(event.documentKey._id), before, after, commit };
    }
    case 'delete':
      return {
        collection: event.ns.coll,
        id: String(event.documentKey._id),
        before: event.fullDocumentBeforeChange ?? null,
        after: null,
        commit,
      };
    default:
      return null;
  }
}

/**
 * Gathers the events of one transaction into one commit. MongoDB reports a transaction's writes
 * one by one, adjacent, each with the transaction's `lsid` and `txnNumber`; a write outside a
 * transaction has neither and is a commit of its own. A transaction's commit is complete at its
 * marker (`COMMITS_COLLECTION`), or at the first event of anything else (a transaction written
 * by another tool has no marker).
 */
export class CommitAssembler {
  private open: { key: string; events: ChangeEvent[] } | undefined;

  /** The commits `change` completes, oldest first. */
  accept(change: Change): ChangeEvent[][] {
    const key = transactionKey(change);
    const done: ChangeEvent[][] = [];
    if (this.open && this.open.key !== key) done.push(...this.flush());
    const marker = 'ns' in change && (change.ns as { coll?: string }).coll === COMMITS_COLLECTION;
    const event = marker ? null : changeEventFromMongo(change, key ?? resumeTokenText(change));
    if (key === undefined) {
      if (event) done.push([event]);
      return done;
    }
    this.open ??= { key, events: [] };
    if (event) this.open.events.push(event);
    if (marker) done.push(...this.flush());
    return done;
  }

  /** The transaction gathered so far, as a commit (when the stream ends or fails). */
  flush(): ChangeEvent[][] {
    const open = this.open;
    this.open = undefined;
    return open && open.events.length > 0 ? [open.events] : [];
  }
}

function transactionKey(change: Change): string | undefined {
  const { lsid, txnNumber } = change as { lsid?: { id?: { toString(encoding: string): string } }; txnNumber?: unknown };
  if (txnNumber === undefined || txnNumber === null || !lsid?.id) return undefined;
  return `${lsid.id.toString('hex')}:${String(txnNumber)}`;
}

function resumeTokenText(change: Change): string {
  const token = change._id as { _data?: unknown };
  return typeof token._data === 'string' ? token._data : JSON.stringify(change._id);
}
