import { newStoredId } from '../store/newStoredId';
import type { StoredDoc } from '../store/Store';
import type { Model } from './AppModel';

/**
 * The stored document of a new object, however it is made (the API's create, the seed):
 * `fields`, then the `@default` of every scalar field they neither set nor clear (`unset`),
 * then `hidden` (fields the API never returns), a new id, and `createdAt` = `modifiedAt` = now.
 */
export function newObjectDocument(
  model: Model, fields: Record<string, unknown>, unset: readonly string[] = [], hidden: Record<string, unknown> = {},
): StoredDoc {
  const values = { ...fields };
  for (const field of model.fields.values()) {
    if (field.kind === 'scalar' && field.defaultValue !== undefined && !(field.name in values) && !unset.includes(field.name)) {
      values[field.name] = field.defaultValue;
    }
  }
  const now = new Date().toISOString();
  return { _id: newStoredId(), ...values, ...hidden, createdAt: now, modifiedAt: now };
}
