import type { Relation } from '../app/AppModel';
import { linkKeys } from '../app/linkKeys';
import { conditionToFilter } from '../permissions/Condition';
import type { EdgeLink } from './edgeFields';
import type { RequestContext } from './RequestContext';

/** How many links of one object a many-to-many field follows (each is one index entry). */
export const MAX_LINKS_PER_OBJECT = 10_000;

/**
 * The ids of the objects linked to `id` through a many-to-many relation, each with its link
 * (whose data are the edge fields, such as `accessLevel`). One index lookup.
 */
export async function linkedIds(
  context: RequestContext, relation: Relation, model: string, id: string,
): Promise<Map<string, EdgeLink>> {
  if (relation.kind !== 'manyToMany') throw new Error(`${relation.name} is not many-to-many`);
  const [mine, theirs] = linkKeys(relation, model);
  // Links are objects with rules of their own (`permissions/UserRoles.json`, SPEC §6).
  const linkModel = context.app.links.get(relation.name)!;
  const readableLinks = conditionToFilter(await context.access.visible(linkModel));
  const links = await context.store.find(relation.collection, {
    filter: { $and: [{ [mine]: { $eq: id } }, readableLinks] }, sort: [{ field: '_id', direction: 1 }], limit: MAX_LINKS_PER_OBJECT,
  });
  return new Map(links.map((link) => [link[theirs] as string, { model: linkModel, doc: link }]));
}
