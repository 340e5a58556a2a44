import type { Model } from '../../app/AppModel';
import type { StoredDoc } from '../../store/Store';
import { tagModel } from '../modelOf';
import { newStoredId } from '../newStoredId';
import type { RequestContext } from '../RequestContext';
import { inputToUpdate } from './inputToUpdate';
import { asConflict, forbidden } from './writeErrors';

/**
 * `create<Type>`: every input field must be covered by a `create` grant for the object as it
 * will be stored (SPEC §5.3), and the unique indexes, not a read before the write, decide
 * conflicts. `hidden` holds stored fields no client writes directly (a password hash).
 */
export async function createObject(
  context: RequestContext, model: Model, input: Record<string, unknown>, hidden: Record<string, unknown> = {},
): Promise<StoredDoc> {
  const change = await inputToUpdate(context, model, input);
  for (const field of model.fields.values()) {
    if (field.kind === 'scalar' && field.defaultValue !== undefined && !(field.name in change.set) && !change.unset.includes(field.name)) {
      change.set[field.name] = field.defaultValue;
    }
  }
  const now = new Date().toISOString();
  const doc: StoredDoc = { _id: newStoredId(), ...change.set, ...hidden, createdAt: now, modifiedAt: now };
  if (!(await context.access.allows('create', model, change.fields, doc))) throw forbidden('create', model, change.fields);
  try {
    await context.store.insert(model.collection, doc);
  } catch (error) {
    throw asConflict(error, model.name);
  }
  return tagModel(doc, model.name);
}
