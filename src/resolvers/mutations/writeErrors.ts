import type { Model } from '../../app/AppModel';
import { userError } from '../../errors';
import { UniqueViolation } from '../../store/Store';

/** A unique index refused the write: the value is taken (SPEC §3 CONFLICT). */
export function asConflict(error: unknown, what: string): unknown {
  if (!(error instanceof UniqueViolation)) return error;
  const fields = error.fields.filter((f) => f !== '_id');
  return userError('CONFLICT', fields.length > 0 ? `${what}: ${fields.join(', ')} is already taken` : `${what} already exists`, { fields });
}

export function forbidden(operation: string, model: Model, fields: readonly string[] = []) {
  const which = fields.length > 0 ? ` (${fields.join(', ')})` : '';
  return userError('FORBIDDEN', `you may not ${operation} this ${model.name}${which}`);
}

export function notFound(model: string, globalId: string) {
  return userError('NOT_FOUND', `no ${model} with id ${globalId}`);
}

/**
 * A write refused because the object would not lead to the viewer through the user fields of
 * the RELATION rules that allow it (SPEC §5.3: you cannot create or leave an object in someone
 * else's hands): the message names those fields, so the client knows what to change.
 */
export function forbiddenUnlessLeadsToViewer(operation: 'create' | 'update', model: Model, fields: readonly string[], userFields: string[]) {
  if (userFields.length === 0) return forbidden(operation, model, fields);
  const which = userFields.map((field) => (field === 'me' ? 'it' : field)).join(' or ');
  const when = operation === 'create' ? 'the rules that allow it require' : 'after the change, the rules that allow it still require';
  return userError('FORBIDDEN', `you may not ${operation} this ${model.name} (${fields.join(', ')}): ${when} ${which} to lead to you`, { userFields });
}
