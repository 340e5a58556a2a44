import type { Model } from '../app/AppModel';
import { pageSize } from '../limits/pageSize';
import { conditionToFilter } from '../permissions/Condition';
import { keysetAfter, reverseSort } from '../store/keyset';
import type { Filter, SortKey, StoredDoc } from '../store/Store';
import { assemblePage, type PageInfo } from './assemblePage';
import { cursorValueTypes, decodeCursor, encodeCursor } from './cursors';
import { tagModel } from './modelOf';
import { orderByToSort, type OrderByInput } from './orderBy';
import type { RequestContext } from './RequestContext';
import { whereToFilter, type WhereInput } from './where';

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  where?: WhereInput | null;
  orderBy?: OrderByInput[] | null;
}

export interface Connection {
  edges: { cursor: string; node: StoredDoc; [edgeField: string | symbol]: unknown }[];
  pageInfo: PageInfo;
  totalCount: () => Promise<number>;
}

/**
 * A Relay connection (Cursor Connections spec) over the objects of `model` within `scope`
 * that the viewer may see. Keyset paging: the page is one indexed query of `size + 1` rows,
 * plus one single-row probe for the flag on the side the cursor came from, so `pageInfo` is
 * exact and the cost does not grow with the offset. `totalCount` is counted only if asked.
 * This is the store's half; `assemblePage` turns the rows into edges and `pageInfo`.
 */
export async function resolveConnection(
  context: RequestContext, model: Model, args: ConnectionArgs, scope: Filter = {},
  edgeFields: (node: StoredDoc) => Record<string | symbol, unknown> = () => ({}),
): Promise<Connection> {
  const size = pageSize(args);
  const sort = await orderByToSort(context, model, args.orderBy);
  const filter: Filter = { $and: [
    scope,
    conditionToFilter(await context.access.visible(model)),
    await whereToFilter(context, model, args.where),
  ] };
  const types = cursorValueTypes(model, sort);
  const decode = (cursor: string) => decodeCursor(cursor, sort, types);
  const after = args.after != null ? keysetAfter(sort, decode(args.after), ALWAYS_PRESENT) : undefined;
  const before = args.before != null ? keysetAfter(reverseSort(sort), decode(args.before), ALWAYS_PRESENT) : undefined;
  const bounded: Filter = { $and: [filter, after ?? {}, before ?? {}] };
  const backward = args.last != null;
  const rows = await context.store.find(model.collection, {
    filter: bounded, sort: backward ? reverseSort(sort) : sort, limit: size + 1,
  });

  // The flag on the far side of the cursor we came from: is anything beyond it?
  const beyondCursor = backward ? before && args.before : after && args.after;
  const beyond = beyondCursor
    ? await exists(context, model, { $and: [filter, keysetAfter(backward ? sort : reverseSort(sort), decode(beyondCursor), ALWAYS_PRESENT)] }, sort)
    : false;

  const { edges, pageInfo } = assemblePage(rows, args, beyond, (doc) => encodeCursor(sort, doc));
  return {
    edges: edges.map(({ cursor, node }) => ({ cursor, node: tagModel(node, model.name), ...edgeFields(node) })),
    pageInfo,
    totalCount: () => context.store.count(model.collection, filter),
  };
}

/** Fields the server sets on every object, so keyset bounds on them need no null branch. */
const ALWAYS_PRESENT: ReadonlySet<string> = new Set(['_id', 'createdAt', 'modifiedAt']);

async function exists(context: RequestContext, model: Model, filter: Filter, sort: SortKey[]): Promise<boolean> {
  return (await context.store.find(model.collection, { filter, sort, limit: 1 })).length > 0;
}
