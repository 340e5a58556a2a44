import type { Model } from '../appModel/AppModel';
import type { Access } from '../permissions/Access';
import type { StoredDoc } from '../store/Store';
import type { GrantsAround } from './CommitGrants';
import { changedFields } from './eventKind';
import type { Candidate } from './JudgedCommit';
import type { ReferenceTargets } from './ReferenceTargets';

/**
 * The fields of an object in view before and after a commit whose value, as the subscriber sees
 * it, changed: readable after and changed, readable only now, or no longer readable. A stored
 * value is what a scalar shows; a reference shows its target only when the subscriber may see
 * it then; a many-to-many field changes when the commit adds or removes one of its links.
 * Which fields changed is itself information, so a field readable at neither moment is never
 * named, and an empty list means the change is nothing the subscriber can see.
 */
export async function updatedFields(
  model: Model,
  candidate: Candidate,
  grants: GrantsAround,
  references: ReferenceTargets,
): Promise<string[]> {
  const [before, after] = [candidate.before!, candidate.after!];
  const stored = new Set(changedFields(before, after, model.fields.keys()));
  const updated: string[] = [];
  for (const field of model.fields.values()) {
    if (field.name === 'id') continue;
    const then = await readable(grants.before.access, model, field.name, before);
    const now = await readable(grants.after.access, model, field.name, after);
    if (!then && !now) continue;
    if (then !== now) {
      updated.push(field.name);
      continue;
    }
    const differs =
      field.kind === 'relation' && field.storage === 'reference'
        ? (await references.shown('before', grants.before, field, before)) !==
          (await references.shown('after', grants.after, field, after))
        : stored.has(field.name) || candidate.links.has(field.name);
    if (differs) updated.push(field.name);
  }
  return updated;
}

async function readable(access: Access, model: Model, field: string, doc: StoredDoc): Promise<boolean> {
  return (
    access.bypass ||
    (access.allowsNow('read', model, [field], doc) ?? (await access.allows('read', model, [field], doc)))
  );
}
