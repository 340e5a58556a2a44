import type { GraphQLError } from 'graphql';
import type { Model } from '../../appModel/AppModel';
import { userError } from '../../errors';
import type { StoredDoc } from '../../store/Store';
import { encodeCursor } from '../cursors';
import { toGlobalId } from '../globalIds';
import { orderByToSort } from '../orderBy';
import type { RequestContext } from '../RequestContext';

/**
 * The edge of a created object, with a cursor valid under the default order (docs/api.md) as this
 * viewer's lists use it: by `createdAt` only where they may read it, so the cursor neither
 * shows a hidden time nor is refused as `after` by the viewer it was made for.
 */
export async function edgeOf(context: RequestContext, model: Model, doc: StoredDoc | GraphQLError | null) {
  if (doc === null || !('_id' in doc)) return doc;
  return { cursor: encodeCursor(await orderByToSort(context, model, undefined), doc), node: doc };
}

/** What a payload shows of the written object: only what the writer may see (docs/permissions.md#what-each-operation-checks). */
export async function visibleAfterWrite(
  context: RequestContext,
  model: Model,
  doc: StoredDoc,
): Promise<StoredDoc | null> {
  if (context.access.bypass) return doc;
  return context.loaders.visibleById(model).load(doc._id);
}

/**
 * What a create's payload shows of the new object (docs/errors.md): the object as the creator
 * may see it, or, when their rules do not let them read it, an error in its place, so that the
 * payload field answers `null` with `CREATED_NOT_READABLE` at its path instead of a bare `null`
 * a client would take for a failure. The creator gets the new object's id in
 * `extensions.id`: they made it, and an id carries no data and grants nothing.
 */
export async function createdForPayload(
  context: RequestContext,
  model: Model,
  doc: StoredDoc,
): Promise<StoredDoc | GraphQLError> {
  const visible = await visibleAfterWrite(context, model, doc);
  if (visible) return visible;
  const id = toGlobalId(model.name, doc._id);
  return userError(
    'CREATED_NOT_READABLE',
    `the ${model.name} was created (id ${id}), but the rules do not let you read it, so the payload cannot show it`,
    { id },
  );
}
