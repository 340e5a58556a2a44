import type { Field, Model, Relation } from './AppModel';
import { USER_ROLES } from './builtInSchema';

/** The link documents of every many-to-many relation, described as models (see `AppModel.links`). */
export function linkModels(relations: Map<string, Relation>): Map<string, Model> {
  const links = new Map<string, Model>();
  for (const relation of relations.values()) {
    if (relation.kind !== 'manyToMany') continue;
    const fields = new Map<string, Field>();
    relation.ends.forEach((end, i) => {
      const key = relation.linkKeys[i];
      fields.set(key, {
        kind: 'relation',
        name: key,
        relation: relation.name,
        target: end.model,
        list: false,
        required: true,
        storage: 'reference',
      });
    });
    if (relation.name === USER_ROLES) {
      fields.set('accessLevel', {
        kind: 'scalar',
        name: 'accessLevel',
        type: 'AccessLevel',
        required: true,
        unique: false,
        system: false,
      });
    }
    links.set(relation.name, {
      name: relation.name,
      plural: relation.name,
      collection: relation.collection,
      fields,
      builtIn: relation.name === USER_ROLES,
    });
  }
  return links;
}
