import type { Model } from '../appModel/AppModel';
import { userError } from '../errors';
import type { StoredDoc } from '../store/Store';
import type { RequestContext } from './RequestContext';

/** Where an edge keeps the link it stands for: its data are the edge's own fields. */
export const EDGE_LINK = Symbol('the link behind this edge');

export interface EdgeLink {
  /** The link type (`AppModel.links`), whose rules govern the edge fields. */
  model: Model;
  doc: StoredDoc;
}

/**
 * An edge field (`accessLevel`) is a field of the link type (docs/permissions.md#what-each-operation-checks): its value if the
 * viewer may read that field of that link, else null with FORBIDDEN at its path, as any field.
 * The link may still be on its way (a page's links are read once, when first asked for).
 */
export async function resolveEdgeField(
  context: RequestContext,
  pending: EdgeLink | PromiseLike<EdgeLink | undefined> | undefined,
  field: string,
): Promise<unknown> {
  const link = await pending;
  if (!link) return null;
  if (!context.access.bypass && !(await context.access.allows('read', link.model, [field], link.doc))) {
    throw userError('FORBIDDEN', `you may not read ${link.model.name}.${field} of this link`);
  }
  return link.doc[field] ?? null;
}
