import { join } from 'node:path';
import type { AppModel, Model } from '../appModel/AppModel';
import { ADMIN_ROLE } from '../appModel/builtInSchema';
import type { CollectionSpec } from '../store/Store';
import type { Policy } from '../permissions/compilePolicy';
import { unindexedRuleLookups } from '../permissions/ruleIndexes';
import { ruleLabel } from '../permissions/ruleLabel';
import { shadowingOf } from './shadowedRules';
import type { CompiledRule } from '../permissions/Rule';

/** Field names that hold secrets or personal data (docs/rule-tests.md), matched case-insensitively inside a name. */
export const SECRET_FIELD_WORDS = ['password', 'token', 'secret', 'email', 'phone'] as const;

export type LintKind =
  'no-rules-file' | 'write-to-everyone' | 'secret-readable' | 'shadowed' | 'unknown-role' | 'unindexed-relation';

export interface LintWarning {
  kind: LintKind;
  /** The rules file (for `no-rules-file`, the file that is missing). */
  file: string;
  /** Absent for `no-rules-file`, which is about a type, not a rule. */
  ruleIndex?: number;
  /** The rule as `rule 2 (ROLE Editors)`. */
  rule?: string;
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
  /** Where rules files live (`PERMISSIONS_DIR`), to name the file a type lacks. */
  rulesDir?: string;
}

/** What one check finds wrong with one rule, if anything. */
type Finding = { message: string; fix: string } | undefined;

interface RuleCheck {
  kind: LintKind;
  check(rule: CompiledRule, type: Model, rules: readonly CompiledRule[], inputs: LintInputs): Finding;
}

/** The checks of docs/rule-tests.md (and unseeded roles), one per warning kind, each on one rule. */
const CHECKS: RuleCheck[] = [
  {
    kind: 'write-to-everyone',
    check(rule, type) {
      // Signing up is a create of User by EVERYONE, the product's own default (docs/permissions.md#types-without-a-rules-file).
      const writes = [...rule.operations].filter((op) => op !== 'read' && !(op === 'create' && type.name === 'User'));
      if (rule.scope !== 'EVERYONE' || writes.length === 0) return undefined;
      return {
        message: `anyone, without a token, may ${writes.join(', ')} ${type.name} objects`,
        fix: `grant ${writes.join(', ')} to AUTHENTICATED, a ROLE or a RELATION instead`,
      };
    },
  },
  {
    kind: 'secret-readable',
    check(rule, type, _rules, inputs) {
      if ((rule.scope !== 'EVERYONE' && rule.scope !== 'AUTHENTICATED') || !rule.operations.has('read'))
        return undefined;
      const fields = rule.fields === 'all' ? [...type.fields.keys()] : [...rule.fields];
      // User.password is write-only: no rule can make it readable.
      const secrets = fields.filter(
        (field) => isSecret(field, inputs.secretFields ?? []) && !(type.name === 'User' && field === 'password'),
      );
      if (secrets.length === 0) return undefined;
      return {
        message: `${secrets.map((f) => `${type.name}.${f}`).join(', ')} looks secret and is readable by ${rule.scope}`,
        fix: `list the fields this rule may show in "fields" without ${secrets.join(', ')}, and grant those to a RELATION (e.g. "me") or a ROLE`,
      };
    },
  },
  {
    kind: 'unknown-role',
    check(rule, _type, _rules, inputs) {
      const unseeded = rule.roles.filter((role) => role !== ADMIN_ROLE && !inputs.seededRoles.has(role));
      if (unseeded.length === 0) return undefined;
      const many = unseeded.length > 1;
      return {
        message: `no seed creates the role${many ? 's' : ''} ${unseeded.join(', ')}, so only admins can fill ${many ? 'them' : 'it'}`,
        fix: `check the spelling, or add ${unseeded.join(', ')} to a Role seed in seeds/`,
      };
    },
  },
  {
    kind: 'shadowed',
    check(rule, _type, rules) {
      const shadowing = shadowingOf(rule, rules);
      if (!shadowing) return undefined;
      if (shadowing.length === 0)
        return {
          message: 'grants no operation',
          fix: 'add "read", "create", "update" or "delete", or remove the rule',
        };
      const by = shadowing.map(ruleLabel).join(' and ');
      return {
        message: `grants nothing that ${by} do${shadowing.length > 1 ? '' : 'es'} not already grant`,
        fix: 'remove the rule, or narrow the rule that covers it',
      };
    },
  },
];

/**
 * `permissions lint`: rules that are valid yet probably not what the operator meant, and app
 * types without a rules file, whose access then hangs on `PERMISSIONS_DEFAULT` rather than on
 * a rule. Only rules files are judged; the built-in defaults of User and Role are the product's.
 */
export function lintRules(inputs: LintInputs): LintWarning[] {
  const { app, policy } = inputs;
  const warnings: LintWarning[] = policy.withoutFile.map((type) => ({
    kind: 'no-rules-file',
    file: join(inputs.rulesDir ?? 'permissions', `${type}.json`),
    message: `${type} has no rules file, so only admins may reach it, or everyone with PERMISSIONS_DEFAULT=open`,
    fix: `write the rules ${type} needs in ${type}.json (an empty list [] keeps it admin-only and says so)`,
  }));
  for (const typeRules of [...policy.types.values()].filter((t) => t.source.endsWith('.json'))) {
    const type = app.models.get(typeRules.type) ?? app.links.get(typeRules.type)!;
    for (const rule of typeRules.rules) {
      for (const { kind, check } of CHECKS) {
        const found = check(rule, type, typeRules.rules, inputs);
        if (found)
          warnings.push({ kind, file: typeRules.source, ruleIndex: rule.index, rule: ruleLabel(rule), ...found });
      }
    }
  }
  for (const lookup of unindexedRuleLookups(app, policy, inputs.indexes)) {
    if (!lookup.source.endsWith('.json')) continue;
    const rule = [...policy.types.values()].find((t) => t.source === lookup.source)!.rules[lookup.ruleIndex];
    warnings.push({
      kind: 'unindexed-relation',
      file: lookup.source,
      ruleIndex: lookup.ruleIndex,
      rule: ruleLabel(rule),
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

/** One line per warning: `file rule N (SCOPE) [kind]: message. Fix: …` (no rule for a missing file). */
export function formatWarnings(warnings: LintWarning[]): string[] {
  return warnings.map((w) => `${w.file}${w.rule ? ` ${w.rule}` : ''} [${w.kind}]: ${w.message}. Fix: ${w.fix}.`);
}
