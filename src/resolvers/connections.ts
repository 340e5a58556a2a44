import type { Model } from '../appModel/AppModel';
import { pageSize } from '../limits/pageSize';
import { conditionToFilter } from '../permissions/Condition';
import { keysetAfter, reverseSort } from '../store/keyset';
import type { Filter, SortKey, StoredDoc } from '../store/Store';
import { assemblePage, type PageInfo } from './assemblePage';
import { cursorValueTypes, decodeCursor, encodeCursor } from './cursors';
import { EDGE_LINK, type EdgeLink } from './edgeFields';
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
 * The links behind a page's edges (whose data are the edge fields, such as `accessLevel`):
 * `load` reads them for a whole page at once, the first time one edge field is resolved.
 */
export interface EdgeData {
  load(page: StoredDoc[]): Promise<Map<string, EdgeLink>>;
}

/**
 * A Relay connection (Cursor Connections spec) over the objects of `model` within `scope`
 * that the viewer may see. Keyset paging: the page is one indexed query of `size + 1` rows,
 * plus, when the client selects it, one single-row probe for the flag on the side the cursor
 * came from, so `pageInfo` is exact and the cost does not grow with the offset. `totalCount` is counted only if asked.
 * This is the store's half; `assemblePage` turns the rows into edges and `pageInfo`.
 */
export async function resolveConnection(
  context: RequestContext,
  model: Model,
  args: ConnectionArgs,
  scope: Filter = {},
  edgeData?: EdgeData,
): Promise<Connection> {
  const size = pageSize(args);
  const sort = await orderByToSort(context, model, args.orderBy);
  const filter: Filter = { $and: [scope, await visibleWhere(context, model, args)] };
  const types = cursorValueTypes(model, sort);
  const decode = (cursor: string) => decodeCursor(cursor, sort, types);
  const after = args.after != null ? keysetAfter(sort, decode(args.after), ALWAYS_PRESENT) : undefined;
  const before = args.before != null ? keysetAfter(reverseSort(sort), decode(args.before), ALWAYS_PRESENT) : undefined;
  const bounded: Filter = { $and: [filter, after ?? {}, before ?? {}] };
  const backward = args.last != null;
  const rows = await context.store.find(model.collection, {
    filter: bounded,
    sort: backward ? reverseSort(sort) : sort,
    limit: size + 1,
  });

  // The flag on the far side of the cursor we came from: is anything beyond it? Asked of the
  // store only if the client selects that flag.
  const beyondCursor = backward ? before && args.before : after && args.after;
  const beyond = beyondCursor
    ? () =>
        exists(
          context,
          model,
          { $and: [filter, keysetAfter(backward ? sort : reverseSort(sort), decode(beyondCursor), ALWAYS_PRESENT)] },
          sort,
        )
    : false;

  const { edges, pageInfo } = assemblePage(rows, args, beyond, (doc) => encodeCursor(sort, doc));
  const edgeFields = edgeFieldsOf(
    edges.map((edge) => edge.node),
    edgeData,
  );
  return {
    edges: edges.map((edge) => ({
      get cursor() {
        return edge.cursor;
      },
      node: tagModel(edge.node, model.name),
      ...edgeFields(edge.node),
    })),
    pageInfo,
    totalCount: () => context.loaders.count(model.collection, filter),
  };
}

/** The objects of `model` the viewer may see that match the `where` argument. */
export async function visibleWhere(context: RequestContext, model: Model, args: ConnectionArgs): Promise<Filter> {
  return {
    $and: [conditionToFilter(await context.access.visible(model)), await whereToFilter(context, model, args.where)],
  };
}

/**
 * Each edge's link, as a thenable under `EDGE_LINK` that the edge field resolvers await: the
 * page's links are read once, when the first edge field is resolved, and not at all if none is.
 */
export function edgeFieldsOf(
  page: StoredDoc[],
  edgeData: EdgeData | undefined,
): (doc: StoredDoc) => Record<symbol, PromiseLike<EdgeLink | undefined>> {
  if (!edgeData) return () => ({});
  let loaded: Promise<Map<string, EdgeLink>> | undefined;
  const data = () => (loaded ??= edgeData.load(page));
  return (doc) => ({
    [EDGE_LINK]: {
      then: (resolve, reject) =>
        data()
          .then((links) => links.get(doc._id))
          .then(resolve, reject),
    },
  });
}

/** Fields the server sets on every object, so keyset bounds on them need no null branch. */
const ALWAYS_PRESENT: ReadonlySet<string> = new Set(['_id', 'createdAt', 'modifiedAt']);

async function exists(context: RequestContext, model: Model, filter: Filter, sort: SortKey[]): Promise<boolean> {
  return (await context.store.find(model.collection, { filter, sort, limit: 1 })).length > 0;
}
