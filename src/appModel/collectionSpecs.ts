import type { CollectionSpec, IndexSpec } from '../store/Store';
import type { AppModel } from './AppModel';
import { NAME_FIELDS, NAME_SKELETON } from './accountNames';
import { ROLE_CREATOR } from './builtInSchema';

/**
 * The collections and indexes the app needs: unique fields, stored references (to follow a
 * relation from the other side), the default order, both directions of every link, and the
 * skeletons of user and role names.
 * Stored references and link keys are counted fields: a RELATION count is by one of them.
 */
export function collectionSpecs(app: AppModel): CollectionSpec[] {
  const specs: CollectionSpec[] = [];
  for (const model of app.models.values()) {
    const indexes: IndexSpec[] = [{ fields: ['createdAt', '_id'] }];
    const countedFields: string[] = [];
    for (const field of model.fields.values()) {
      if (field.kind === 'scalar' && field.unique && !field.system)
        indexes.push({ fields: [field.name], unique: true });
      if (field.kind === 'relation' && field.storage === 'reference') {
        indexes.push({ fields: [field.name, 'createdAt', '_id'] });
        countedFields.push(field.name);
      }
    }
    // A new user or role name is checked against the existing ones' skeletons by this index.
    if (NAME_FIELDS[model.name]) indexes.push({ fields: [NAME_SKELETON] });
    // How many roles a user created is counted by this index (MAX_ROLES_CREATED_PER_USER).
    if (model.name === 'Role') indexes.push({ fields: [ROLE_CREATOR] });
    specs.push({ name: model.collection, indexes, countedFields });
  }
  for (const relation of app.relations.values()) {
    if (relation.kind !== 'manyToMany') continue;
    const [a, b] = relation.linkKeys;
    specs.push({
      name: relation.collection,
      indexes: [{ fields: [a, b], unique: true }, { fields: [b, a] }],
      countedFields: [a, b],
    });
  }
  return specs;
}
