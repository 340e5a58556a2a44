import type { ChangeStreamDocument, ChangeStreamOptions } from 'mongodb';
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
 * One MongoDB change event → the port's `ChangeEvent`, or null for events that are not a
 * document write (drops, index changes). Without a post-image, an update's `after` is the
 * pre-image with the update description applied (top-level fields only, as the store
 * writes them); without either image, the event carries what the stream gave.
 */
export function changeEventFromMongo(event: ChangeStreamDocument<StoredDoc>): ChangeEvent | null {
  switch (event.operationType) {
    case 'insert':
      return { collection: event.ns.coll, id: String(event.documentKey._id), before: null, after: event.fullDocument };
    case 'replace':
      return {
        collection: event.ns.coll,
        id: String(event.documentKey._id),
        before: event.fullDocumentBeforeChange ?? null,
        after: event.fullDocument,
      };
    case 'update': {
      const before = event.fullDocumentBeforeChange ?? null;
      let after = event.fullDocument ?? null;
      if (!after && before) {
        after = { ...before, ...(event.updateDescription.updatedFields ?? {}) } as StoredDoc;
        for (const field of event.updateDescription.removedFields ?? []) delete after[field];
      }
      return { collection: event.ns.coll, id: String(event.documentKey._id), before, after };
    }
    case 'delete':
      return {
        collection: event.ns.coll,
        id: String(event.documentKey._id),
        before: event.fullDocumentBeforeChange ?? null,
        after: null,
      };
    default:
      return null;
  }
}
