import DataLoader from 'dataloader';
import type { Model, RelationField } from '../appModel/AppModel';
import { linkKeys } from '../appModel/linkKeys';
import { conditionToFilter } from '../permissions/Condition';
import { reverseSort } from '../store/keyset';
import type { GroupBy, StoredDoc } from '../store/Store';
import { pageSize } from '../limits/pageSize';
import { assemblePage } from './assemblePage';
import { edgeFieldsOf, resolveConnection, visibleWhere, type Connection, type ConnectionArgs } from './connections';
import { encodeCursor } from './cursors';
import { batchedLinkEdgeData, linkedScope, linkEdgeData } from './links';
import { tagModel } from './modelOf';
import { orderByToSort } from './orderBy';
import type { RequestContext } from './RequestContext';

/** The pages and counts of one relation field under one set of arguments, for every parent asking in a tick. */
interface FieldBatch {
  pages: DataLoader<string, Connection>;
  counts: DataLoader<string, number>;
}

/** How many parents one grouped query serves. */
export const MAX_PARENTS_PER_BATCH = 500;

/** How many target ids one batched read of edge links lists (parents × page size), so no statement grows past what SQLite binds. */
export const MAX_LINK_IDS_PER_READ = 10_000;

/**
 * Per request, keyed by the request's loaders: dropped with them, never shared between viewers,
 * and renewed when they are (after a mutation; for each event a subscription sends), so a page
 * read before a write is never shown after it.
 */
const batchesOf = new WeakMap<RequestContext['loaders'], Map<string, FieldBatch>>();

/**
 * The first (or last) page of a to-many relation field of `parentId`, batched: every parent
 * asking for the same field with the same arguments within one tick shares one grouped query
 * for the pages (`findGrouped`) and, when asked, one grouped count for `totalCount`. So a page of
 * 50 posts, each with its first comments and tags, costs what a page of 5 costs. SQLite's
 * grouped query stops at the page within each parent; MongoDB's (`$topN`) reads every matching
 * child of its parents. A lone parent gets the plain connection, which stops at the page.
 *
 * Only for pages without `after`/`before`: a cursor belongs to one parent, so such a page is
 * resolved on its own (`resolveConnection`), one query per parent.
 */
export function nestedFirstPage(
  context: RequestContext,
  model: Model,
  field: RelationField,
  parentId: string,
  args: ConnectionArgs,
): Promise<Connection> {
  let batches = batchesOf.get(context.loaders);
  if (!batches) batchesOf.set(context.loaders, (batches = new Map()));
  const key = `${model.name}.${field.name} ${JSON.stringify([args.first, args.last, args.where, args.orderBy])}`;
  let batch = batches.get(key);
  if (!batch) batches.set(key, (batch = fieldBatch(context, model, field, args)));
  return batch.pages.load(parentId);
}

function fieldBatch(context: RequestContext, model: Model, field: RelationField, args: ConnectionArgs): FieldBatch {
  const target = context.app.models.get(field.target)!;
  const relation = context.app.relations.get(field.relation)!;
  const groupBy = async (): Promise<GroupBy> => {
    if (relation.kind === 'toOne') return { field: relation.owner.field };
    const [mine, theirs] = linkKeys(relation, model.name);
    // Links have rules of their own (docs/api.md#roles): a link the viewer may not see does not link.
    const readableLinks = conditionToFilter(await context.access.visible(context.app.links.get(relation.name)!));
    return { through: { collection: relation.collection, group: mine, target: theirs, filter: readableLinks } };
  };
  const options = { maxBatchSize: MAX_PARENTS_PER_BATCH };

  const counts = new DataLoader<string, number>(async (parents) => {
    const found = await context.store.countGrouped(target.collection, {
      groupBy: await groupBy(),
      groups: parents,
      filter: await visibleWhere(context, target, args),
    });
    return parents.map((parent) => found.get(parent) ?? 0);
  }, options);

  // The links behind the edges, read for all parents together when an edge field is asked; the
  // parents per read keep its two `$in` lists near MAX_LINK_IDS_PER_READ ids.
  const edgeDataOf =
    relation.kind === 'manyToMany'
      ? batchedLinkEdgeData(
          context,
          relation,
          model.name,
          Math.max(1, Math.floor(MAX_LINK_IDS_PER_READ / (pageSize(args) + 1))),
        )
      : undefined;

  const pages = new DataLoader<string, Connection>(async (parents) => {
    // One parent (`getTag(id) { posts }`): the plain connection, whose page stops at its limit
    // however many children there are; a grouped query reads every child of its parents.
    if (parents.length === 1) return [await singleParent(parents[0])];
    const size = pageSize(args);
    const sort = await orderByToSort(context, target, args.orderBy);
    const backward = args.last != null;
    const rows = await context.store.findGrouped(target.collection, {
      groupBy: await groupBy(),
      groups: parents,
      filter: await visibleWhere(context, target, args),
      sort: backward ? reverseSort(sort) : sort,
      limit: size + 1,
    });
    const byParent = new Map<string, StoredDoc[]>();
    for (const { group, doc } of rows) byParent.set(group, [...(byParent.get(group) ?? []), doc]);
    return parents.map((parent) => {
      // No cursor: nothing lies before the first page (or after the last).
      const { edges, pageInfo } = assemblePage(byParent.get(parent) ?? [], args, false, (doc) =>
        encodeCursor(sort, doc),
      );
      const edgeFields = edgeFieldsOf(
        edges.map((edge) => edge.node),
        edgeDataOf?.(parent),
      );
      return {
        edges: edges.map((edge) => ({
          get cursor() {
            return edge.cursor;
          },
          node: tagModel(edge.node, target.name),
          ...edgeFields(edge.node),
        })),
        pageInfo,
        totalCount: () => counts.load(parent),
      };
    });
  }, options);

  async function singleParent(parent: string): Promise<Connection> {
    if (relation.kind === 'toOne')
      return resolveConnection(context, target, args, { [relation.owner.field]: { $eq: parent } });
    return resolveConnection(
      context,
      target,
      args,
      await linkedScope(context, relation, model.name, parent),
      linkEdgeData(context, relation, model.name, parent),
    );
  }
  return { pages, counts };
}
