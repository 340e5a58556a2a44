import type { AppModel, Model } from '../appModel/AppModel';
import { EMAIL_FIELD, EMAIL_VERIFIED_FIELD, PASSWORD_FIELD } from '../appModel/builtInSchema';
import { defaultRules, type DefaultPolicy } from './defaultRules';
import { RulesFileSchema, type CompiledRule, type Rule, type TypeRules, type UserPath } from './Rule';
import { RulesError } from './RulesError';

/** Every type's rules, validated against the app: what the permission layer evaluates. */
export interface Policy {
  types: Map<string, TypeRules>;
  /** App models with no rules file: listed in a warning at start (docs/permissions.md#types-without-a-rules-file). */
  withoutFile: string[];
}

export interface RulesFile {
  /** Shown in errors: the path of the file. */
  file: string;
  content: unknown;
}

/**
 * The most hops a dotted user field may take (`project.notes.author` is three). Each hop is a
 * nested semi-join in every query the rule filters, so the bound keeps those queries small.
 */
export const MAX_USER_FIELD_HOPS = 4;

/**
 * Validates rules files (by type name) against the app and compiles them, adding the
 * defaults of docs/permissions.md#types-without-a-rules-file for types without a file. Any mistake throws a `RulesError` with the
 * file, the rule's index and the reason (docs/permissions.md#mistakes).
 */
export function compilePolicy(app: AppModel, files: Map<string, RulesFile>, defaultPolicy: DefaultPolicy): Policy {
  const types = new Map<string, TypeRules>();
  for (const [typeName, { file }] of files) {
    if (!app.models.has(typeName) && !app.links.has(typeName)) {
      throw new RulesError(file, undefined, `there is no type or many-to-many relation named ${typeName}`);
    }
  }
  const withoutFile: string[] = [];
  for (const type of [...app.models.values(), ...app.links.values()]) {
    const given = files.get(type.name);
    if (!given && app.models.has(type.name) && !type.builtIn) withoutFile.push(type.name);
    const source = given?.file ?? `(default rules of ${type.name})`;
    const parsed = given ? parseRules(given) : defaultRules(app, type, defaultPolicy);
    types.set(type.name, {
      type: type.name,
      source,
      rules: parsed.map((rule, index) => compileRule(app, type, rule, index, source)),
    });
  }
  return { types, withoutFile };
}

function parseRules({ file, content }: RulesFile): Rule[] {
  const result = RulesFileSchema.safeParse(content);
  if (!result.success) {
    const issue = result.error.issues[0];
    const index = typeof issue.path[0] === 'number' ? issue.path[0] : undefined;
    const where = issue.path.slice(1).join('.');
    throw new RulesError(file, index, `${where ? `${where}: ` : ''}${issue.message}`);
  }
  return result.data;
}

function compileRule(app: AppModel, type: Model, rule: Rule, index: number, file: string): CompiledRule {
  const fail = (reason: string): never => {
    throw new RulesError(file, index, reason);
  };
  const operations = new Set((['read', 'create', 'update', 'delete'] as const).filter((op) => rule[op] === true));
  for (const field of rule.fields ?? []) {
    const known = type.fields.has(field) || (type.name === 'User' && field === PASSWORD_FIELD);
    if (!known) fail(`${type.name} has no field ${field}`);
  }
  if (rule.scope === 'ROLE' && !rule.roles) fail('a ROLE rule needs "roles"');
  if (rule.scope !== 'ROLE' && rule.roles) fail(`"roles" belongs to ROLE rules, not ${rule.scope}`);
  if (rule.scope === 'RELATION' && !rule.userFields) fail('a RELATION rule needs "userFields"');
  if (rule.scope !== 'RELATION' && rule.userFields) fail(`"userFields" belongs to RELATION rules, not ${rule.scope}`);
  if (rule.verified && rule.scope === 'EVERYONE')
    fail('"verified" narrows a signed-in scope (AUTHENTICATED, ROLE, RELATION), not EVERYONE');
  if (rule.verified && !app.models.get('User')!.fields.has(EMAIL_VERIFIED_FIELD))
    fail(
      `"verified" needs User.${EMAIL_FIELD} (extend type User { ${EMAIL_FIELD}: String @unique }): it is the address verified`,
    );
  const paths = (rule.userFields ?? []).map((userField) => userPath(app, type, userField, fail));
  return {
    index,
    scope: rule.scope,
    operations,
    fields: rule.fields ? new Set(rule.fields) : 'all',
    roles: rule.roles ?? [],
    paths,
    verified: rule.verified === true,
  };
}

/** `author`, `members`, `post.author` or `me` → the relation fields to follow to a User. */
function userPath(app: AppModel, type: Model, userField: string, fail: (reason: string) => never): UserPath {
  if (userField === 'me') {
    if (type.name !== 'User') fail('"me" is only meaningful in User rules');
    return [];
  }
  const hops = userField.split('.');
  if (hops.length > MAX_USER_FIELD_HOPS) {
    fail(
      `user field "${userField}" takes ${hops.length} hops; at most ${MAX_USER_FIELD_HOPS} are allowed (MAX_USER_FIELD_HOPS)`,
    );
  }
  let current = type;
  for (const hop of hops) {
    const field = current.fields.get(hop);
    if (!field || field.kind !== 'relation')
      fail(`user field "${userField}": ${current.name}.${hop} is not a relation`);
    const next = app.models.get((field as { target: string }).target)!;
    current = next;
  }
  if (current.name !== 'User') fail(`user field "${userField}" leads to ${current.name}, not to User`);
  return hops;
}
