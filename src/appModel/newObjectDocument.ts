import { newStoredId } from '../store/newStoredId';
import type { StoredDoc } from '../store/Store';
import type { Model } from './AppModel';
import { NAME_FIELDS, NAME_SKELETON, nameSkeleton, normaliseName } from './accountNames';

export interface NewObjectOptions {
  /** Fields the input clears: their `@default` does not apply. */
  unset?: readonly string[];
  /** Fields the API never returns (the password hash). */
  hidden?: Record<string, unknown>;
  /** The stored id, when chosen beforehand (uploaded files name their object). */
  id?: string;
}

/**
 * The stored document of a new object, however it is made (the API's create, the seed):
 * `fields`, then the `@default` of every scalar field they neither set nor clear, a user's or
 * role's name normalised with its skeleton (`accountNames.ts`), then the hidden fields, an id,
 * and `createdAt` = `modifiedAt` = now.
 */
export function newObjectDocument(
  model: Model,
  fields: Record<string, unknown>,
  options: NewObjectOptions = {},
): StoredDoc {
  const { unset = [], hidden = {}, id = newStoredId() } = options;
  const values = { ...fields };
  for (const field of model.fields.values()) {
    if (
      field.kind === 'scalar' &&
      field.defaultValue !== undefined &&
      !(field.name in values) &&
      !unset.includes(field.name)
    ) {
      values[field.name] = field.defaultValue;
    }
  }
  const nameField = NAME_FIELDS[model.name];
  const name = nameField ? values[nameField] : undefined;
  if (typeof name === 'string') {
    values[nameField] = normaliseName(name);
    values[NAME_SKELETON] = nameSkeleton(normaliseName(name));
  }
  const now = new Date().toISOString();
  return { _id: id, ...values, ...hidden, createdAt: now, modifiedAt: now };
}
