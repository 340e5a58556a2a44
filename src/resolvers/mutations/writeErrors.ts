import type { Model } from '../../appModel/AppModel';
import { userError } from '../../errors';
import { UniqueViolation } from '../../store/Store';

/** A unique index refused the write: the value is taken (docs/api.md CONFLICT). */
export function asConflict(error: unknown, what: string): unknown {
  if (!(error instanceof UniqueViolation)) return error;
  const fields = error.fields.filter((f) => f !== '_id');
  return userError(
    'CONFLICT',
    fields.length > 0 ? `${what}: ${fields.join(', ')} is already taken` : `${what} already exists`,
    { fields },
  );
}

/** `hint`: what the rules would have needed (`Access.denialHint`), so the client can act. */
export function forbidden(operation: string, model: Model, fields: readonly string[] = [], hint?: string) {
  const which = fields.length > 0 ? ` (${fields.join(', ')})` : '';
  return userError('FORBIDDEN', `you may not ${operation} this ${model.name}${which}${hint ? `: ${hint}` : ''}`);
}

export function notFound(model: string, globalId: string) {
  return userError('NOT_FOUND', `no ${model} with id ${globalId}`);
}
