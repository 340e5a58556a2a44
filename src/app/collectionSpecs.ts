import type { CollectionSpec, IndexSpec } from '../store/Store';
import type { AppModel } from './AppModel';

/**
 * The collections and indexes the app needs: unique fields, stored references (to follow a
 * relation from the other side), the default order, and both directions of every link.
 */
export function collectionSpecs(app: AppModel): CollectionSpec[] {
  const specs: CollectionSpec[] = [];
  for (const model of app.models.values()) {
    const indexes: IndexSpec[] = [{ fields: ['createdAt', '_id'] }];
    for (const field of model.fields.values()) {
      if (field.kind === 'scalar' && field.unique && !field.system) indexes.push({ fields: [field.name], unique: true });
      if (field.kind === 'relation' && field.storage === 'reference') indexes.push({ fields: [field.name, 'createdAt', '_id'] });
    }
    specs.push({ name: model.collection, indexes });
  }
  for (const relation of app.relations.values()) {
    if (relation.kind !== 'manyToMany') continue;
    const [a, b] = relation.linkKeys;
    specs.push({ name: relation.collection, indexes: [{ fields: [a, b], unique: true }, { fields: [b, a] }] });
  }
  return specs;
}
