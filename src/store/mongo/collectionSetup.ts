import type { CollectionInfo, CreateCollectionOptions, Document } from 'mongodb';

/** What each collection keeps for its change stream (docs/subscriptions.md: events judge before and after). */
export const CHANGE_STREAM_IMAGES: Pick<CreateCollectionOptions, 'changeStreamPreAndPostImages'> = {
  changeStreamPreAndPostImages: { enabled: true },
};

/** One step of `ensureCollections`: create a collection with images, or turn them on for one that lacks them. */
export type CollectionStep =
  { create: string; options: typeof CHANGE_STREAM_IMAGES } | { command: Document & { collMod: string } };

/**
 * The steps that give every wanted collection change-stream pre- and post-images, given what
 * `listCollections` reported. A collection that has them already needs nothing, so a restart
 * or a second API process issues no `collMod`; only a collection made without them (by an older
 * version, a restore, a hand) does, which the `graphkeepApp` role allows (`appUserRole.ts`).
 */
export function collectionSteps(existing: readonly CollectionInfo[], wanted: readonly string[]): CollectionStep[] {
  const byName = new Map(existing.map((info) => [info.name, info]));
  const steps: CollectionStep[] = [];
  for (const name of wanted) {
    const info = byName.get(name);
    if (!info) steps.push({ create: name, options: CHANGE_STREAM_IMAGES });
    else if (info.options?.changeStreamPreAndPostImages?.enabled !== true)
      steps.push({ command: { collMod: name, ...CHANGE_STREAM_IMAGES } });
  }
  return steps;
}

/** MongoDB's `NamespaceExists`: another API process created the collection between our list and our create. */
export const NAMESPACE_EXISTS = 48;
