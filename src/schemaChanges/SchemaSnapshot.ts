import type { AppModel } from '../appModel/AppModel';

/**
 * The shape of the stored data that a `schema.graphql` implies: per model, the fields that are
 * stored in its documents. Kept in the store at each start so the next start can tell what
 * changed (a field removed, a type changed) — which the documents alone cannot say.
 */
export interface FieldShape {
  /** A scalar type name, or `->Target` for a stored reference to a `Target` object. */
  type: string;
  required: boolean;
  unique: boolean;
  /** The `@default` value, which is also what fills a new required field in. */
  defaultValue?: unknown;
}

export interface ModelShape {
  collection: string;
  fields: Record<string, FieldShape>;
}

export interface SchemaSnapshot {
  models: Record<string, ModelShape>;
  /** Many-to-many relations by name, with the collection their links are stored in. */
  links: Record<string, { collection: string }>;
}

/** The snapshot of an app: only what lands in documents (no system or reverse fields). */
export function snapshotOf(app: AppModel): SchemaSnapshot {
  const models: Record<string, ModelShape> = {};
  for (const model of app.models.values()) {
    const fields: Record<string, FieldShape> = {};
    for (const field of model.fields.values()) {
      if (field.kind === 'scalar' && !field.system) {
        fields[field.name] = {
          type: field.type,
          required: field.required,
          unique: field.unique,
          ...(field.defaultValue !== undefined ? { defaultValue: field.defaultValue } : {}),
        };
      }
      if (field.kind === 'relation' && field.storage === 'reference') {
        fields[field.name] = { type: `->${field.target}`, required: field.required, unique: false };
      }
    }
    models[model.name] = { collection: model.collection, fields };
  }
  const links: Record<string, { collection: string }> = {};
  for (const relation of app.relations.values()) {
    if (relation.kind === 'manyToMany') links[relation.name] = { collection: relation.collection };
  }
  return { models, links };
}
