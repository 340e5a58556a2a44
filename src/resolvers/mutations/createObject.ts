import type { Model } from '../../appModel/AppModel';
import { newObjectDocument } from '../../appModel/newObjectDocument';
import type { StoreOperations, StoredDoc } from '../../store/Store';
import { tagModel } from '../modelOf';
import type { RequestContext } from '../RequestContext';
import { inputToChange, type HiddenFields } from './inputToChange';
import { asConflict, forbidden } from './writeErrors';

export interface CreateOptions extends HiddenFields {
  /** The stored id, when the caller chose it first (a file's id names its object); else a new one. */
  id?: string;
  /** Where to write: a transaction's operations, or the store. */
  store?: StoreOperations;
  /** Who may create it; by default the rules (docs/permissions.md#what-each-operation-checks). Role management brings its own (docs/api.md#roles). */
  authorize?: (fields: string[], doc: StoredDoc) => Promise<boolean>;
}

/**
 * `create<Type>`: every input field must be covered by a `create` grant for the object as it
 * will be stored (docs/permissions.md#what-each-operation-checks), and the unique indexes, not a read before the write, decide
 * conflicts.
 */
export async function createObject(
  context: RequestContext,
  model: Model,
  input: Record<string, unknown>,
  options: CreateOptions = {},
): Promise<StoredDoc> {
  const { hidden = {}, hiddenAs = [], store = context.store } = options;
  const authorize = options.authorize ?? ((fields, doc) => context.access.allows('create', model, fields, doc));
  const change = await inputToChange(context, model, input);
  const doc = newObjectDocument(model, change.set, { unset: change.unset, hidden, id: options.id });
  const fields = [...change.fields, ...hiddenAs];
  if (!(await authorize(fields, doc)))
    throw forbidden(
      'create',
      model,
      fields,
      options.authorize ? undefined : context.access.denialHint?.('create', model, fields),
    );
  try {
    await store.insert(model.collection, doc);
  } catch (error) {
    throw asConflict(error, model.name);
  }
  return tagModel(doc, model.name);
}
