import type { Relation } from '../app/AppModel';
import type { RequestContext } from './RequestContext';

/** How many links of one object a many-to-many field follows (each is one index entry). */
export const MAX_LINKS_PER_OBJECT = 10_000;

type ManyToMany = Extract<Relation, { kind: 'manyToMany' }>;

/** The link collection's keys, seen from `model`: [this side's key, the other side's key]. */
export function linkKeys(relation: ManyToMany, model: string): [string, string] {
  const [a, b] = relation.linkKeys;
  return relation.ends[0].model === model ? [a, b] : [b, a];
}

/**
 * The ids of the objects linked to `id` through a many-to-many relation, each with the data
 * its link carries (the edge fields, such as `accessLevel`). One index lookup.
 */
export async function linkedIds(
  context: RequestContext, relation: Relation, model: string, id: string,
): Promise<Map<string, Record<string, unknown>>> {
  if (relation.kind !== 'manyToMany') throw new Error(`${relation.name} is not many-to-many`);
  const [mine, theirs] = linkKeys(relation, model);
  const links = await context.store.find(relation.collection, {
    filter: { [mine]: { $eq: id } }, sort: [{ field: '_id', direction: 1 }], limit: MAX_LINKS_PER_OBJECT,
  });
  return new Map(links.map((link) => {
    const { _id, [mine]: _self, [theirs]: other, createdAt: _created, ...edge } = link;
    void _id; void _self; void _created;
    return [other as string, edge];
  }));
}
