import type { Model } from '../../appModel/AppModel';
import { NAME_FIELDS, NAME_SKELETON } from '../../appModel/accountNames';
import { userError } from '../../errors';
import type { Update } from '../../store/Store';
import { decodeGlobalId } from '../globalIds';
import { isStoredFile } from '../../store/files/StoredFile';
import type { RequestContext } from '../RequestContext';
import { checkedName } from './checkedName';

/** The longest string a client may store in one field (docs/limits.md), in UTF-16 code units. */
export const MAX_STRING_LENGTH = 64 * 1024;

export interface InputChange extends Update {
  set: Record<string, unknown>;
  unset: string[];
  /** The model fields the input touches: what the permission check covers. */
  fields: string[];
}

/**
 * Stored fields no client writes directly (a password hash), and the names the rules know them
 * by (`password`), so a grant on those names is still required to write them.
 */
export interface HiddenFields {
  hidden?: Record<string, unknown>;
  hiddenAs?: string[];
}

/**
 * A create or update input → the stored change. Absent fields are left alone, `null` clears
 * (docs/api.md); a user's or role's name is checked and normalised (`checkedName`); to-one relations arrive as `<field>Id` global ids and must name an object that
 * exists. Whether the viewer can read it does not matter: setting a reference is a write of
 * this object, judged by its rules alone (docs/api.md, docs/permissions.md).
 */
export async function inputToChange(
  context: RequestContext,
  model: Model,
  input: Record<string, unknown>,
): Promise<InputChange> {
  const change: InputChange = { set: {}, unset: [], fields: [] };
  for (const [key, value] of Object.entries(input)) {
    if (key === 'id' || key === 'clientMutationId' || value === undefined) continue;
    const scalar = model.fields.get(key);
    const relation = key.endsWith('Id') ? model.fields.get(key.slice(0, -2)) : undefined;
    if (scalar?.kind === 'scalar' && !scalar.system) {
      if (value === null && scalar.required) throw userError('BAD_USER_INPUT', `${model.name}.${key} cannot be null`);
      if (typeof value === 'string' && value.length > MAX_STRING_LENGTH) {
        throw userError('BAD_USER_INPUT', `${model.name}.${key} is longer than ${MAX_STRING_LENGTH} characters`, {
          limit: MAX_STRING_LENGTH,
        });
      }
      if (scalar.type === 'JSON' && JSON.stringify(value).length > MAX_STRING_LENGTH) {
        throw userError(
          'BAD_USER_INPUT',
          `${model.name}.${key} is larger than ${MAX_STRING_LENGTH} characters as JSON`,
          { limit: MAX_STRING_LENGTH },
        );
      }
      // Files arrive as uploads, stored before the write (files/fileWrites.ts); nothing else fits a File field.
      if (scalar.type === 'File' && value !== null && !isStoredFile(value)) {
        throw userError(
          'BAD_USER_INPUT',
          `${model.name}.${key} takes a file uploaded with create${model.name} or update${model.name}`,
        );
      }
      if (value === null) change.unset.push(key);
      else if (NAME_FIELDS[model.name] === key && typeof value === 'string') {
        const selfId = typeof input.id === 'string' ? decodeGlobalId(input.id, [model.name]).id : undefined;
        const { name, skeleton } = await checkedName(context.store, model, key, value, selfId);
        change.set[key] = name;
        change.set[NAME_SKELETON] = skeleton;
      } else change.set[key] = value;
      change.fields.push(key);
    } else if (relation?.kind === 'relation' && relation.storage === 'reference') {
      if (value === null) {
        if (relation.required) throw userError('BAD_USER_INPUT', `${model.name}.${relation.name} cannot be null`);
        change.unset.push(relation.name);
      } else {
        const { id } = decodeGlobalId(value as string, [relation.target]);
        const target = await context.loaders.existingById(context.app.models.get(relation.target)!).load(id);
        if (!target) throw userError('NOT_FOUND', `no ${relation.target} with id ${value as string}`);
        change.set[relation.name] = id;
      }
      change.fields.push(relation.name);
    } else {
      throw userError('BAD_USER_INPUT', `${model.name} has no writable field ${key}`);
    }
  }
  return change;
}
