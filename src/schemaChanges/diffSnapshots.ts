import type { SchemaSnapshot } from './SchemaSnapshot';

/** One change between the schema the data was written under and the schema starting now. */
export type SchemaChange =
  | { kind: 'uniqueAdded'; model: string; collection: string; field: string }
  | { kind: 'requiredAdded'; model: string; collection: string; field: string; defaultValue?: unknown }
  | { kind: 'fieldRemoved'; model: string; collection: string; field: string }
  | { kind: 'typeChanged'; model: string; collection: string; field: string; from: string; to: string }
  | { kind: 'modelRemoved'; model: string; collection: string }
  | { kind: 'linksRemoved'; relation: string; collection: string };

/**
 * Type changes that every stored value survives as it is: a wider number, an id read as
 * text (and back: ids are strings), anything read as JSON.
 */
const WIDENINGS = new Set(['Int->Float', 'ID->String', 'String->ID']);

export function isWidening(from: string, to: string): boolean {
  return WIDENINGS.has(`${from}->${to}`) || (to === 'JSON' && !from.startsWith('->'));
}

/**
 * What changed from `previous` to `current`. With no previous snapshot (data written before
 * snapshots were kept, or a first start) every unique and required field is listed as added,
 * so the data is checked against them anyway; removals and type changes cannot be known.
 */
export function diffSnapshots(previous: SchemaSnapshot | undefined, current: SchemaSnapshot): SchemaChange[] {
  const changes: SchemaChange[] = [];
  for (const [model, shape] of Object.entries(current.models)) {
    const before = previous?.models[model];
    if (previous && !before) continue; // a new type has no data yet
    for (const [field, now] of Object.entries(shape.fields)) {
      const was = before?.fields[field];
      const where = { model, collection: shape.collection, field };
      if (was && was.type !== now.type) {
        if (!isWidening(was.type, now.type))
          changes.push({ kind: 'typeChanged', ...where, from: was.type, to: now.type });
        continue;
      }
      if (now.unique && !was?.unique) changes.push({ kind: 'uniqueAdded', ...where });
      if (now.required && !was?.required) {
        changes.push({
          kind: 'requiredAdded',
          ...where,
          ...(now.defaultValue !== undefined ? { defaultValue: now.defaultValue } : {}),
        });
      }
    }
    for (const field of Object.keys(before?.fields ?? {})) {
      if (!(field in shape.fields)) changes.push({ kind: 'fieldRemoved', model, collection: shape.collection, field });
    }
  }
  for (const [model, shape] of Object.entries(previous?.models ?? {})) {
    if (!(model in current.models)) changes.push({ kind: 'modelRemoved', model, collection: shape.collection });
  }
  for (const [relation, link] of Object.entries(previous?.links ?? {})) {
    if (!(relation in current.links)) changes.push({ kind: 'linksRemoved', relation, collection: link.collection });
  }
  return changes;
}
