import type { Model } from '../../appModel/AppModel';
import { conditionToFilter } from '../../permissions/Condition';
import type { StoredDoc } from '../../store/Store';
import { decodeGlobalId } from '../globalIds';
import { tagModel } from '../modelOf';
import type { RequestContext } from '../RequestContext';
import { inputToChange, type HiddenFields } from './inputToChange';
import { asConflict, forbidden, notFound } from './writeErrors';

/**
 * `update<Type>`: the object must be visible (else NOT_FOUND), every input field covered by
 * an `update` grant on the object as it is and as it will be (docs/permissions.md#what-each-operation-checks: you cannot move an
 * object out of your own reach, nor hand it to someone else). Read, check and write happen
 * in one transaction.
 */
export async function updateObject(
  context: RequestContext,
  model: Model,
  input: Record<string, unknown>,
  options: HiddenFields = {},
): Promise<StoredDoc> {
  const { hidden = {}, hiddenAs = [] } = options;
  const { id } = decodeGlobalId(input.id as string, [model.name]);
  const visible = conditionToFilter(await context.access.visible(model));
  const change = await inputToChange(context, model, input);
  const modifiedAt = new Date().toISOString();
  const after = await context.store.transaction(async (tx) => {
    const [before] = await tx.find(model.collection, {
      filter: { $and: [{ _id: { $eq: id } }, visible] },
      sort: [],
      limit: 1,
    });
    if (!before) throw notFound(model.name, input.id as string);
    const next: StoredDoc = { ...before, ...change.set, ...hidden, modifiedAt };
    for (const field of change.unset) delete next[field];
    const fields = [...change.fields, ...hiddenAs];
    const allowed =
      (await context.access.allows('update', model, fields, before)) &&
      (await context.access.allows('update', model, fields, next));
    if (!allowed) throw forbidden('update', model, fields, context.access.denialHint?.('update', model, fields));
    try {
      await tx.update(model.collection, id, { set: { ...change.set, ...hidden, modifiedAt }, unset: change.unset });
    } catch (error) {
      throw asConflict(error, model.name);
    }
    return next;
  });
  context.loaders.visibleById(model).clear(id);
  return tagModel(after, model.name);
}
