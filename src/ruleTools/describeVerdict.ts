import type { RuleGrant } from '../permissions/Access';
import type { Question, Verdict } from '../permissions/judge';
import { ruleLabel } from '../permissions/ruleLabel';

/**
 * A verdict in the operator's words, naming the rule(s) that decided each field: the
 * granting rules of an allowed field, and for a denied one the fact that none holds.
 */
export function describeVerdict(question: Question, verdict: Verdict, who: string, source: string): string[] {
  const { operation, model } = question;
  if (verdict.bypass)
    return [`${who} skips every rule (admin token or member of the admin role): ${operation} is granted`];
  const lines = [`${operation} on ${model.name} for ${who}, by ${source}:`];
  const offered =
    verdict.candidates.length === 0
      ? `no rule in ${source} grants ${operation} on ${model.name} to ${who}`
      : `rules granting ${operation} to ${who}: ${verdict.candidates.map((g) => ruleLabel(g.rule)).join(', ')}`;
  if (!verdict.visible) {
    lines.push(`${who} cannot see this ${model.name}: no read rule in ${source} holds for it`);
    return lines;
  }
  for (const field of verdict.fields) {
    lines.push(
      field.allowed
        ? `${model.name}.${field.field}: granted by ${field.grantedBy.map(ruleLabel).join(', ')}`
        : `${model.name}.${field.field}: DENIED, ${verdict.candidates.length === 0 ? offered : whyNot(verdict.candidates, field.field, verdict.heldBy)}`,
    );
  }
  if (verdict.fields.length === 0 || operation === 'delete') {
    lines.push(
      verdict.allowed
        ? `${operation} on the ${model.name}: granted by ${verdict.heldBy.map(ruleLabel).join(', ')}`
        : `${operation} on the ${model.name}: DENIED (${offered})`,
    );
  }
  return lines;
}

/** Why each rule that grants the operation to this viewer does not grant it on `field` here. */
function whyNot(candidates: readonly RuleGrant[], field: string, heldBy: Verdict['heldBy']): string {
  return candidates
    .map((grant) => {
      const covers = grant.fields === 'all' || grant.fields.has(field);
      if (!covers) return `${ruleLabel(grant.rule)} covers other fields only`;
      if (!heldBy.includes(grant.rule)) return `${ruleLabel(grant.rule)} does not hold for this object`;
      return `${ruleLabel(grant.rule)} would not hold for the object after the change`;
    })
    .join('; ');
}
