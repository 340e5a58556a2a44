import type { Policy } from '../permissions/compilePolicy';
import type { CompiledRule } from '../permissions/Rule';
import { ruleLabel } from '../permissions/ruleLabel';
import type { CaseResult } from './runRuleTests';

/**
 * The rules of `permissions/*.json` that no case saw grant anything: a rule no test
 * exercises can change without a test noticing. Default rules (types without a file) are
 * not the operator's to test and are left out.
 */
export function uncoveredRules(policy: Policy, results: CaseResult[]): string[] {
  const decided = new Set<CompiledRule>();
  for (const { verdict } of results) {
    for (const field of verdict.fields) if (field.allowed) field.grantedBy.forEach((rule) => decided.add(rule));
    // Without fields (delete, "may I see it") the holding rules decide the object as a whole.
    if (verdict.allowed && verdict.fields.length === 0) verdict.heldBy.forEach((rule) => decided.add(rule));
  }
  const uncovered: string[] = [];
  for (const typeRules of policy.types.values()) {
    if (!typeRules.source.endsWith('.json')) continue;
    for (const rule of typeRules.rules)
      if (!decided.has(rule)) uncovered.push(`${typeRules.source} ${ruleLabel(rule)}`);
  }
  return uncovered;
}
