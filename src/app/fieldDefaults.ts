import type { Model } from './AppModel';

/** The `@default(value:)` of each field that has one: what a new object gets when not told otherwise. */
export function fieldDefaults(model: Model): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const field of model.fields.values()) {
    if (field.kind === 'scalar' && field.defaultValue !== undefined) defaults[field.name] = field.defaultValue;
  }
  return defaults;
}
