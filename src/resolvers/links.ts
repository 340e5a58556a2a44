import type { Relation } from '../appModel/AppModel';
import { linkKeys } from '../appModel/linkKeys';
import { conditionToFilter } from '../permissions/Condition';
import type { Filter } from '../store/Store';
import DataLoader from 'dataloader';
import type { EdgeData } from './connections';
import type { EdgeLink } from './edgeFields';
import type { RequestContext } from './RequestContext';

type ManyToMany = Extract<Relation, { kind: 'manyToMany' }>;

/**
 * The objects linked to `id` through a many-to-many relation, as a scope for the target's
 * connection: a semi-join on the link collection (`_id` among the links' other ends), so the
 * store pages, sorts, counts and applies the target's rules in one query over however many links
 * there are. Links are objects with rules of their own (`permissions/UserRoles.json`, docs/api.md#roles):
 * a link the viewer may not see does not link.
 */
export async function linkedScope(
  context: RequestContext,
  relation: Relation,
  model: string,
  id: string,
): Promise<Filter> {
  const links = linksOf(context, relation, model, [id]);
  const [, theirs] = linkKeys(relation as ManyToMany, model);
  return {
    _id: { $inSelect: { collection: (relation as ManyToMany).collection, field: theirs, filter: await links } },
  };
}

/**
 * The links behind one page's edges (their data are the edge fields, such as `accessLevel`,
 * judged under the link type's rules): read only when asked, for the page's objects only, so
 * the query is bounded by the page size. One parent's case of `batchedLinkEdgeData`.
 */
export function linkEdgeData(context: RequestContext, relation: Relation, model: string, id: string): EdgeData {
  return batchedLinkEdgeData(context, relation, model, 1)(id);
}

/**
 * `linkEdgeData` for the pages of many parents at once (a nested page: each user's first roles
 * with their `accessLevel`): the links behind all those pages are read in one query per batch of
 * parents, not one per parent. `maxBatchSize` bounds the parents of one query, so the two `$in`
 * lists stay bounded by parents × page size.
 */
export function batchedLinkEdgeData(
  context: RequestContext,
  relation: Relation,
  model: string,
  maxBatchSize: number,
): (parent: string) => EdgeData {
  const linkModel = context.app.links.get(relation.name)!;
  const [mine, theirs] = linkKeys(relation as ManyToMany, model);
  const pages = new Map<string, string[]>();
  const loader = new DataLoader<string, Map<string, EdgeLink>>(
    async (parents) => {
      const targets = [...new Set(parents.flatMap((parent) => pages.get(parent) ?? []))];
      const links = await context.store.find((relation as ManyToMany).collection, {
        filter: { $and: [await linksOf(context, relation, model, [...parents]), { [theirs]: { $in: targets } }] },
        sort: [],
        limit: Math.max(1, parents.length * targets.length),
      });
      return parents.map(
        (parent) =>
          new Map(
            links
              .filter((link) => link[mine] === parent)
              .map((link) => [link[theirs] as string, { model: linkModel, doc: link }]),
          ),
      );
    },
    { maxBatchSize },
  );
  return (parent) => ({
    load(page) {
      pages.set(
        parent,
        page.map((node) => node._id),
      );
      return loader.load(parent);
    },
  });
}

/** The links from the objects `ids` of `model` that the viewer may see. */
export async function linksOf(
  context: RequestContext,
  relation: Relation,
  model: string,
  ids: string[],
): Promise<Filter> {
  if (relation.kind !== 'manyToMany') throw new Error(`${relation.name} is not many-to-many`);
  const [mine] = linkKeys(relation, model);
  const readableLinks = conditionToFilter(await context.access.visible(context.app.links.get(relation.name)!));
  return { $and: [ids.length === 1 ? { [mine]: { $eq: ids[0] } } : { [mine]: { $in: ids } }, readableLinks] };
}
