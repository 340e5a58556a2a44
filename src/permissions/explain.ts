import type { AppModel, Model } from '../app/AppModel';
import { ADMIN_ROLE, PASSWORD_FIELD } from '../app/builtInSchema';
import { matchesFilter } from '../store/matchesFilter';
import type { StoredDoc } from '../store/Store';
import type { Operation } from './Access';
import type { Policy } from './compilePolicy';
import type { Membership } from './Membership';
import { pathFilter, type ValuesLookup } from './pathFilter';
import { SCOPES, type CompiledRule } from './Rule';

export interface ExplainInput {
  app: AppModel;
  policy: Policy;
  type: Model;
  operation: Operation;
  user: { id: string; username: string } | undefined;
  memberships: Membership[];
  /** The object in question, if any: RELATION rules are then decided, not just described. */
  object?: StoredDoc;
  lookup: ValuesLookup;
}

/**
 * Answers "why can (not) NAME do OP on this T?" in the operator's words: each rule and
 * whether it applies, then each field and the rules that grant it. The same decisions the
 * server makes, spelled out (`npm run permissions -- explain`).
 */
export async function explain(input: ExplainInput): Promise<string[]> {
  const { policy, type, operation, user, memberships, object } = input;
  const who = user ? `user ${user.username}` : 'an anonymous client';
  const lines: string[] = [];
  const admin = memberships.find((m) => m.roleName === ADMIN_ROLE);
  if (admin && (admin.accessLevel !== 'readonly' || operation === 'read')) {
    return [`${who} is a member of the built-in ${ADMIN_ROLE} role (${admin.accessLevel}): every rule is skipped, ${operation} is granted on every field.`];
  }
  const typeRules = policy.types.get(type.name)!;
  lines.push(`${operation} on ${type.name}${object ? ` ${object._id}` : ''} for ${who}, by ${typeRules.source}:`);
  const granting: { rule: CompiledRule; onlyWhere?: string }[] = [];
  if (typeRules.rules.length === 0) lines.push('  (no rules: nothing is granted)');
  for (const rule of typeRules.rules) {
    const label = `  rule ${rule.index} (${rule.scope}${rule.roles.length ? ` ${rule.roles.join(', ')}` : ''}${rule.paths.length ? ` via ${rule.paths.map((p) => p.join('.') || 'me').join(', ')}` : ''})`;
    if (!rule.operations.has(operation)) { lines.push(`${label}: does not grant ${operation}`); continue; }
    const verdict = await ruleVerdict(input, rule);
    lines.push(`${label}: ${verdict.text}`);
    if (verdict.applies) granting.push({ rule, onlyWhere: verdict.onlyWhere });
  }
  const fields = [...type.fields.keys(), ...(type.name === 'User' && operation !== 'read' ? [PASSWORD_FIELD] : [])];
  lines.push('fields:');
  for (const field of fields) {
    // The id of a visible object is always readable (SPEC §5.3).
    const by = granting.filter(({ rule }) => rule.fields === 'all' || rule.fields.has(field) || (field === 'id' && operation === 'read'));
    if (by.length === 0) { lines.push(`  ${field}: DENIED (no rule grants it)`); continue; }
    const unconditional = by.filter((g) => !g.onlyWhere);
    lines.push(unconditional.length > 0
      ? `  ${field}: granted by rule ${unconditional.map((g) => g.rule.index).join(', ')}`
      : `  ${field}: granted only ${by.map((g) => `where ${g.onlyWhere} (rule ${g.rule.index})`).join(' or ')}`);
  }
  return lines;
}

async function ruleVerdict(input: ExplainInput, rule: CompiledRule): Promise<{ applies: boolean; text: string; onlyWhere?: string }> {
  const { user, memberships, operation, object } = input;
  switch (rule.scope) {
    case 'EVERYONE': return { applies: true, text: 'applies to everyone' };
    case 'AUTHENTICATED': return user ? { applies: true, text: 'applies: signed in' } : { applies: false, text: 'does not apply: not signed in' };
    case 'ROLE': {
      const member = memberships.filter((m) => rule.roles.includes(m.roleName));
      if (member.length === 0) return { applies: false, text: `does not apply: not a member of ${rule.roles.join(' or ')}` };
      const usable = member.filter((m) => operation === 'read' || m.accessLevel !== 'readonly');
      const levels = member.map((m) => `${m.roleName} (${m.accessLevel})`).join(', ');
      return usable.length > 0
        ? { applies: true, text: `applies: member of ${levels}` }
        : { applies: false, text: `does not apply: member of ${levels}, and readonly members receive only read` };
    }
    case 'RELATION': {
      if (!user) return { applies: false, text: 'does not apply: not signed in' };
      const where = rule.paths.map((p) => `${p.join('.') || 'me'} leads to ${user.username}`).join(' or ');
      if (!object) return { applies: true, text: `applies only where ${where}`, onlyWhere: where };
      for (const path of rule.paths) {
        const filter = await pathFilter(input.app, input.type, path, user.id, input.lookup);
        if (matchesFilter(filter, object)) return { applies: true, text: `applies: ${path.join('.') || 'me'} leads to ${user.username}` };
      }
      return { applies: false, text: `does not apply: ${where} is not true of this object` };
    }
  }
}

/** `npm run permissions -- matrix`: for each type and operation, which scopes grant it. */
export function matrix(policy: Policy): string[] {
  const operations: Operation[] = ['read', 'create', 'update', 'delete'];
  const rows = [['type', ...operations].join('\t')];
  for (const typeRules of policy.types.values()) {
    const cells = operations.map((op) => {
      const scopes = SCOPES.filter((scope) => typeRules.rules.some((r) => r.scope === scope && r.operations.has(op)));
      const partial = typeRules.rules.some((r) => r.operations.has(op) && r.fields !== 'all');
      return scopes.length === 0 ? '-' : `${scopes.join('+')}${partial ? ' (some fields)' : ''}`;
    });
    rows.push([typeRules.type, ...cells].join('\t'));
  }
  return rows;
}
