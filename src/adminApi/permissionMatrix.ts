import type { AppModel } from '../appModel/AppModel';
import { PASSWORD_FIELD } from '../appModel/builtInSchema';
import type { Operation } from '../permissions/Access';
import type { Policy } from '../permissions/compilePolicy';
import { ruleLabel } from '../permissions/ruleLabel';

const OPERATIONS: readonly Operation[] = ['read', 'create', 'update', 'delete'];

/** One rule as the matrix shows it: who it covers, what it grants, on which fields. */
export interface MatrixRule {
  index: number;
  label: string;
  scope: string;
  roles: string[];
  /** RELATION paths as written (`author`, `post.author`, `me`). */
  userFields: string[];
  operations: Operation[];
  /** Null: every field of the type. */
  fields: string[] | null;
}

export interface TypePermissions {
  type: string;
  source: string;
  /** The fields a rule may name; User adds the write-only `password`. */
  fields: string[];
  rules: MatrixRule[];
}

/**
 * The compiled rules of every type (models, then many-to-many links), from the same `Policy` the
 * server enforces, for the console's scopes × operations × fields matrix (`permissionMatrix`).
 * Built-in defaults appear as the rules they are; admins skip them all, which no row shows.
 */
export function permissionMatrix(app: AppModel, policy: Policy): TypePermissions[] {
  return [...policy.types.values()].map((typeRules) => {
    const model = app.models.get(typeRules.type) ?? app.links.get(typeRules.type);
    const fields = [...(model?.fields.keys() ?? [])];
    if (typeRules.type === 'User') fields.push(PASSWORD_FIELD);
    return {
      type: typeRules.type,
      source: typeRules.source,
      fields,
      rules: typeRules.rules.map((rule) => ({
        index: rule.index,
        label: ruleLabel(rule),
        scope: rule.scope,
        roles: [...rule.roles],
        userFields: rule.paths.map((path) => path.join('.') || 'me'),
        operations: OPERATIONS.filter((operation) => rule.operations.has(operation)),
        fields: rule.fields === 'all' ? null : [...rule.fields],
      })),
    };
  });
}
