import type { Model } from '../../appModel/AppModel';
import { conditionToFilter } from '../../permissions/Condition';
import type { StoredDoc } from '../../store/Store';
import { decodeGlobalId } from '../globalIds';
import { linkKeys } from '../../appModel/linkKeys';
import { INVITATION_KEYS, ROLE_INVITATIONS } from '../../appModel/builtInSchema';
import { tagModel } from '../modelOf';
import type { RequestContext } from '../RequestContext';
import { forbidden, notFound } from './writeErrors';

/**
 * `delete<Type>`: needs a `delete` grant on the object. Its many-to-many links (and a user's or
 * role's pending role invitations) go with it in the same transaction; to-one references to it are left and resolve to null from then on.
 */
export async function deleteObject(
  context: RequestContext,
  model: Model,
  globalId: string,
  options: { authorize?: (doc: StoredDoc) => Promise<boolean> } = {},
): Promise<StoredDoc> {
  const authorize = options.authorize ?? ((doc: StoredDoc) => context.access.allows('delete', model, [], doc));
  const { id } = decodeGlobalId(globalId, [model.name]);
  const visible = options.authorize ? {} : conditionToFilter(await context.access.visible(model));
  const deleted = await context.store.transaction(async (tx) => {
    const [doc] = await tx.find(model.collection, {
      filter: { $and: [{ _id: { $eq: id } }, visible] },
      sort: [],
      limit: 1,
    });
    if (!doc) throw notFound(model.name, globalId);
    if (!(await authorize(doc)))
      throw forbidden(
        'delete',
        model,
        [],
        options.authorize ? undefined : context.access.denialHint?.('delete', model, []),
      );
    await tx.deleteMany(model.collection, { _id: { $eq: id } });
    for (const relation of context.app.relations.values()) {
      if (relation.kind !== 'manyToMany') continue;
      for (const end of relation.ends) {
        if (end.model !== model.name) continue;
        const [mine] = linkKeys(relation, model.name);
        await tx.deleteMany(relation.collection, { [mine]: { $eq: id } });
      }
    }
    const invitationKey = INVITATION_KEYS[model.name];
    if (invitationKey) await tx.deleteMany(ROLE_INVITATIONS.name, { [invitationKey]: { $eq: id } });
    return doc;
  });
  context.loaders.visibleById(model).clear(id);
  return tagModel(deleted, model.name);
}
