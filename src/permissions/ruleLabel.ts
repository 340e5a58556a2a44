import type { CompiledRule } from './Rule';

/** A rule as operators see it in tool output: `rule 1 (RELATION via author)`, `rule 2 (ROLE Editors)`. */
export function ruleLabel(rule: CompiledRule): string {
  if (rule.index < 0) return 'the built-in admin role (readonly members read everything)';
  const roles = rule.roles.length ? ` ${rule.roles.join(', ')}` : '';
  const paths = rule.paths.length ? ` via ${rule.paths.map((p) => p.join('.') || 'me').join(', ')}` : '';
  return `rule ${rule.index} (${rule.scope}${roles}${paths}${rule.verified ? ', verified email' : ''})`;
}
