import { GraphQLID, GraphQLNonNull, type GraphQLInputFieldConfigMap } from 'graphql';
import type { Model } from '../appModel/AppModel';
import { GRAPHQL_SCALARS } from './scalarTypes';

/**
 * The writable fields of a model as mutation input: scalars by name, to-one relations as
 * `<field>Id` global ids (docs/api.md). On create, required fields without a default are
 * non-null; on update everything is optional (absent = leave alone, null = clear).
 */
export function writableInputFields(model: Model, mode: 'create' | 'update'): GraphQLInputFieldConfigMap {
  const fields: GraphQLInputFieldConfigMap = {};
  for (const field of model.fields.values()) {
    const required = mode === 'create' && field.required;
    if (field.kind === 'scalar') {
      if (field.system) continue;
      const type = GRAPHQL_SCALARS[field.type];
      fields[field.name] = { type: required && field.defaultValue === undefined ? new GraphQLNonNull(type) : type };
    } else if (field.storage === 'reference') {
      fields[`${field.name}Id`] = { type: required ? new GraphQLNonNull(GraphQLID) : GraphQLID };
    }
  }
  return fields;
}
