import type { StoredDoc } from '../store/Store';

const MODEL = Symbol('model');

/** Marks a stored document with its model, so `Node.__resolveType` can name it. */
export function tagModel(doc: StoredDoc, model: string): StoredDoc {
  (doc as unknown as Record<symbol, string>)[MODEL] = model;
  return doc;
}

export function modelOf(doc: StoredDoc): string | undefined {
  return (doc as unknown as Record<symbol, string>)[MODEL];
}
