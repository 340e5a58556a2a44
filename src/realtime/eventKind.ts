import type { MutationKind } from './SubscriptionEvent';
import type { StoredDoc } from '../store/Store';

/**
 * What a change is for one subscriber (docs/subscriptions.md): judged on whether the object was in the
 * subscriber's view (rules and `where`) before and after it. Entering the view is a CREATE,
 * leaving it a DELETE, staying in it an UPDATE; an object never in view sends nothing.
 */
export function eventKind(wasInView: boolean, isInView: boolean): MutationKind | null {
  if (wasInView && isInView) return 'UPDATE';
  if (isInView) return 'CREATE';
  if (wasInView) return 'DELETE';
  return null;
}

/** The API names of the fields whose stored value differs between two versions of an object. */
export function changedFields(before: StoredDoc, after: StoredDoc, apiFields: Iterable<string>): string[] {
  const changed: string[] = [];
  for (const field of apiFields) {
    const stored = field === 'id' ? '_id' : field;
    if (JSON.stringify(before[stored] ?? null) !== JSON.stringify(after[stored] ?? null)) changed.push(field);
  }
  return changed;
}
