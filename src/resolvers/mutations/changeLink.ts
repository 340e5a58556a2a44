import type { ManyToMany } from '../../appModel/AppModel';
import type { StoredDoc } from '../../store/Store';
import { decodeGlobalId } from '../globalIds';
import { tagModel } from '../modelOf';
import { newStoredId } from '../../store/newStoredId';
import type { Access } from '../../permissions/Access';
import type { RequestContext } from '../RequestContext';
import { asConflict, forbidden, notFound } from './writeErrors';
import { userError } from '../../errors';

export interface LinkChange {
  ends: [StoredDoc, StoredDoc];
  edge: Record<string, unknown>;
}

/**
 * Loads both ends of a link the viewer names: they only have to exist (docs/api.md), the viewer
 * need not be able to read them (an owner shares a document with a user they cannot see).
 * `assertMayChangeLink` then checks it may change the link: a many-to-many link is data of
 * both ends, so an `update` grant on the relation field at either end suffices (docs/permissions.md#what-each-operation-checks),
 * judged on the objects as they are before the change, so a grant the new link would create
 * does not count.
 */
export async function linkEnds(
  context: RequestContext,
  relation: ManyToMany,
  input: Record<string, unknown>,
): Promise<[StoredDoc, StoredDoc]> {
  const ends = await Promise.all(
    relation.ends.map(async (end, i) => {
      const argument = `${relation.linkKeys[i]}Id`;
      const model = context.app.models.get(end.model)!;
      const { id } = decodeGlobalId(input[argument] as string, [end.model]);
      const doc = await context.loaders.existingById(model).load(id);
      if (!doc) throw notFound(end.model, input[argument] as string);
      return doc;
    }),
  );
  return ends as [StoredDoc, StoredDoc];
}

export async function assertMayChangeLink(
  context: RequestContext,
  relation: ManyToMany,
  ends: [StoredDoc, StoredDoc],
  access: Access = context.access,
): Promise<void> {
  for (const [i, end] of relation.ends.entries()) {
    const model = context.app.models.get(end.model)!;
    if (await access.allows('update', model, [end.field], ends[i])) return;
  }
  const [first] = relation.ends;
  throw forbidden(`change ${relation.name} links of`, context.app.models.get(first.model)!, [first.field]);
}

/** `addTo<Relation>Connection`: stores the link once; adding an existing link is a CONFLICT. */
export async function addLink(
  context: RequestContext,
  relation: ManyToMany,
  ends: [StoredDoc, StoredDoc],
  edge: Record<string, unknown> = {},
): Promise<LinkChange> {
  const [a, b] = relation.linkKeys;
  const link: StoredDoc = {
    _id: newStoredId(),
    [a]: ends[0]._id,
    [b]: ends[1]._id,
    ...edge,
    createdAt: new Date().toISOString(),
  };
  try {
    await context.store.insert(relation.collection, link);
  } catch (error) {
    throw asConflict(error, `this ${relation.name} link`);
  }
  return { ends: tagEnds(relation, ends), edge };
}

/**
 * `removeFrom<Relation>Connection`: removing a link that does not exist is NOT_FOUND. Checked
 * before (by the caller) and after, as any update (docs/permissions.md#what-each-operation-checks): the viewer must still hold an
 * `update` grant on the relation at either end once the link is gone, judged inside the
 * transaction, so nobody removes the very link their grant rests on unless another remains.
 */
export async function removeLink(
  context: RequestContext,
  relation: ManyToMany,
  ends: [StoredDoc, StoredDoc],
): Promise<LinkChange> {
  const [a, b] = relation.linkKeys;
  const filter = { [a]: { $eq: ends[0]._id }, [b]: { $eq: ends[1]._id } };
  const link = await context.store.transaction(async (tx) => {
    const [found] = await tx.find(relation.collection, { filter, sort: [], limit: 1 });
    if (!found) throw userError('NOT_FOUND', `these objects are not linked by ${relation.name}`);
    await tx.deleteMany(relation.collection, { _id: { $eq: found._id } });
    if (!context.access.bypass) await assertMayChangeLink(context, relation, ends, context.access.within(tx));
    return found;
  });
  const { _id, [a]: _a, [b]: _b, createdAt: _c, ...edge } = link;
  void _id;
  void _a;
  void _b;
  void _c;
  return { ends: tagEnds(relation, ends), edge };
}

function tagEnds(relation: ManyToMany, ends: [StoredDoc, StoredDoc]): [StoredDoc, StoredDoc] {
  return [tagModel(ends[0], relation.ends[0].model), tagModel(ends[1], relation.ends[1].model)];
}
