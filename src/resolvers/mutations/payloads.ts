import type { Model } from '../../appModel/AppModel';
import type { StoredDoc } from '../../store/Store';
import { encodeCursor } from '../cursors';
import { orderByToSort } from '../orderBy';
import type { RequestContext } from '../RequestContext';

/**
 * The edge of a created object, with a cursor valid under the default order (docs/api.md) as this
 * viewer's lists use it: by `createdAt` only where they may read it, so the cursor neither
 * shows a hidden time nor is refused as `after` by the viewer it was made for.
 */
export async function edgeOf(context: RequestContext, model: Model, doc: StoredDoc | null) {
  return doc && { cursor: encodeCursor(await orderByToSort(context, model, undefined), doc), node: doc };
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
