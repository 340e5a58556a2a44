import type { AppModel } from '../app/AppModel';
import { ADMIN_ROLE } from '../app/builtInSchema';
import type { CollectionSpec } from '../store/Store';
import type { Policy } from './compilePolicy';
import { unindexedRuleLookups } from './ruleIndexes';
import { ruleLabel } from './ruleLabel';
import { shadowingOf } from './shadowedRules';
import type { CompiledRule } from './Rule';

/** Field names that hold secrets or personal data (SPEC §10), matched case-insensitively inside a name. */
export const SECRET_FIELD_WORDS = ['password', 'token', 'secret', 'email', 'phone'] as const;

export type LintKind = 'write-to-everyone' | 'secret-readable' | 'shadowed' | 'unknown-role' | 'unindexed-relation';

export interface LintWarning {
  kind: LintKind;
  /** The rules file (or the default rules of a type). */
  file: string;
  ruleIndex: number;
  /** The rule as `rule 2 (ROLE Editors)`. */
  rule: string;
  message: string;
  fix: string;
}

export interface LintInputs {
  app: AppModel;
  policy: Policy;
  /** Roles the seeds create; `admin` always exists. */
  seededRoles: ReadonlySet<string>;
  /** More field names to treat as secrets, matched exactly (`ssn`, `iban`). */
  secretFields?: readonly string[];
  /** The indexes the store will have; by default the ones the server creates at start. */
  indexes?: CollectionSpec[];
}

/**
 * `permissions lint`: rules that are valid yet probably not what the operator meant. Only
 * rules files are judged; the built-in defaults of types without a file are the product's.
 */
export function lintRules(inputs: LintInputs): LintWarning[] {
  const { app, policy, seededRoles } = inputs;
  const warnings: LintWarning[] = [];
  const fromFiles = [...policy.types.values()].filter((t) => t.source.endsWith('.json'));
  for (const typeRules of fromFiles) {
    const type = app.models.get(typeRules.type) ?? app.links.get(typeRules.type)!;
    const warn = (rule: CompiledRule, kind: LintKind, message: string, fix: string) =>
      warnings.push({ kind, file: typeRules.source, ruleIndex: rule.index, rule: ruleLabel(rule), message, fix });
    for (const rule of typeRules.rules) {
      // Signing up is a create of User by EVERYONE, the product's own default (SPEC §5.4).
      const writes = [...rule.operations].filter((op) => op !== 'read' && !(op === 'create' && type.name === 'User'));
      if (rule.scope === 'EVERYONE' && writes.length > 0) {
        warn(rule, 'write-to-everyone', `anyone, without a token, may ${writes.join(', ')} ${type.name} objects`,
          `grant ${writes.join(', ')} to AUTHENTICATED, a ROLE or a RELATION instead`);
      }
      if ((rule.scope === 'EVERYONE' || rule.scope === 'AUTHENTICATED') && rule.operations.has('read')) {
        const fields = rule.fields === 'all' ? [...type.fields.keys()] : [...rule.fields];
        const secrets = fields.filter((field) => isSecret(field, inputs.secretFields ?? []) && !(type.name === 'User' && field === 'password'));
        if (secrets.length > 0) {
          warn(rule, 'secret-readable', `${secrets.map((f) => `${type.name}.${f}`).join(', ')} looks secret and is readable by ${rule.scope}`,
            `list the fields this rule may show in "fields" without ${secrets.join(', ')}, and grant those to a RELATION (e.g. "me") or a ROLE`);
        }
      }
      if (rule.scope === 'ROLE') {
        const unseeded = rule.roles.filter((role) => role !== ADMIN_ROLE && !seededRoles.has(role));
        if (unseeded.length > 0) {
          warn(rule, 'unknown-role', `no seed creates the role${unseeded.length > 1 ? 's' : ''} ${unseeded.join(', ')}, so only admins can fill ${unseeded.length > 1 ? 'them' : 'it'}`,
            `check the spelling, or add ${unseeded.join(', ')} to a Role seed in seeds/`);
        }
      }
      const shadowing = shadowingOf(rule, typeRules.rules);
      if (shadowing) {
        warn(rule, 'shadowed', shadowing.length === 0 ? 'grants no operation' : `grants nothing that ${shadowing.map(ruleLabel).join(' and ')} do${shadowing.length > 1 ? '' : 'es'} not already grant`,
          shadowing.length === 0 ? 'add "read", "create", "update" or "delete", or remove the rule' : 'remove the rule, or narrow the rule that covers it');
      }
    }
  }
  for (const lookup of unindexedRuleLookups(app, policy, inputs.indexes)) {
    if (!lookup.source.endsWith('.json')) continue;
    const rule = policy.types.get(lookupType(policy, lookup.source))!.rules[lookup.ruleIndex];
    warnings.push({
      kind: 'unindexed-relation', file: lookup.source, ruleIndex: lookup.ruleIndex, rule: ruleLabel(rule),
      message: `the user field "${lookup.userField}" filters ${lookup.collection}.${lookup.index.fields[0]}, which has no index, so a filtered page scans the collection`,
      fix: `fewer indexes on ${lookup.collection} (MongoDB keeps at most 64), or a shorter path for "${lookup.userField}"`,
    });
  }
  return warnings;
}

function isSecret(field: string, extra: readonly string[]): boolean {
  const lower = field.toLowerCase();
  return SECRET_FIELD_WORDS.some((word) => lower.includes(word)) || extra.includes(field);
}

function lookupType(policy: Policy, source: string): string {
  return [...policy.types.values()].find((t) => t.source === source)!.type;
}

/** One line per warning: `file rule N (SCOPE) [kind]: message. Fix: …`. */
export function formatWarnings(warnings: LintWarning[]): string[] {
  return warnings.map((w) => `${w.file} ${w.rule} [${w.kind}]: ${w.message}. Fix: ${w.fix}.`);
}
