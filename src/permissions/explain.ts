import type { AppModel, Model } from '../appModel/AppModel';
import { ADMIN_ROLE, EMAIL_VERIFIED_FIELD, PASSWORD_FIELD } from '../appModel/builtInSchema';
import type { Viewer } from '../Viewer';
import type { Store, StoredDoc } from '../store/Store';
import type { Operation, RuleGrant } from './Access';
import type { Policy } from './compilePolicy';
import { createAccess } from './createAccess';
import { judge } from './judge';
import type { Membership } from './Membership';
import { SCOPES, type CompiledRule } from './Rule';
import { matchesFilterWithStore } from '../store/matchesFilterWithStore';
import { semiJoinProbe, type SemiJoinProbe } from '../store/semiJoinProbe';
import { ruleLabel } from './ruleLabel';

export interface ExplainInput {
  app: AppModel;
  policy: Policy;
  store: Store;
  type: Model;
  operation: Operation;
  user: { id: string; username: string; doc: StoredDoc } | undefined;
  memberships: Membership[];
  /** The object in question, if any: RELATION rules are then decided, not just described. */
  object?: StoredDoc;
}

/**
 * Answers "why can (not) NAME do OP on this T?" in the operator's words: each rule and
 * whether it applies, then each field and the rules that grant it. Every decision comes from
 * the server's own `Access` (through `judge`); this only puts it into words.
 */
export async function explain(input: ExplainInput): Promise<string[]> {
  const { app, policy, store, type, operation, user, memberships, object } = input;
  const who = user ? `user ${user.username}` : 'an anonymous client';
  const viewer: Viewer = user ? { kind: 'user', id: user.id, user: user.doc } : { kind: 'anonymous' };
  const access = createAccess({ app, policy, store, viewer, memberships });
  if (access.bypass) {
    const admin = memberships.find((m) => m.roleName === ADMIN_ROLE)!;
    return [
      `${who} is a member of the built-in ${ADMIN_ROLE} role (${admin.accessLevel}): every rule is skipped, ${operation} is granted on every field.`,
    ];
  }
  const grants = await access.grants(operation, type);
  const typeRules = policy.types.get(type.name)!;
  const lines = [`${operation} on ${type.name}${object ? ` ${object._id}` : ''} for ${who}, by ${typeRules.source}:`];
  if (typeRules.rules.length === 0) lines.push('  (no rules: nothing is granted)');
  const probe = semiJoinProbe(store);
  for (const rule of typeRules.rules) {
    const text = rule.operations.has(operation)
      ? await ruleText(
          rule,
          grants.find((g) => g.rule === rule),
          input,
          probe,
        )
      : `does not grant ${operation}`;
    lines.push(`  ${ruleLabel(rule)}: ${text}`);
  }
  const fields = [...type.fields.keys(), ...(type.name === 'User' && operation !== 'read' ? [PASSWORD_FIELD] : [])];
  lines.push('fields:');
  if (object) {
    const verdict = await judge(access, store, { operation, model: type, fields, object });
    if (!verdict.visible) lines.push(`  (${who} cannot see this ${type.name}: no read rule holds for it)`);
    for (const field of verdict.fields) {
      lines.push(
        field.allowed
          ? `  ${field.field}: granted by ${field.grantedBy.map(ruleRef).join(', ')}`
          : `  ${field.field}: DENIED (no rule grants it${verdict.visible ? ' here' : ''})`,
      );
    }
    return lines;
  }
  for (const field of fields) {
    // The id of a visible object is always readable (docs/permissions.md#what-each-operation-checks).
    const by = grants.filter(
      (g) => g.fields === 'all' || g.fields.has(field) || (field === 'id' && operation === 'read'),
    );
    if (by.length === 0) {
      lines.push(`  ${field}: DENIED (no rule grants it)`);
      continue;
    }
    const unconditional = by.filter((g) => g.condition.kind === 'allow');
    lines.push(
      unconditional.length > 0
        ? `  ${field}: granted by ${unconditional.map((g) => ruleRef(g.rule)).join(', ')}`
        : `  ${field}: granted only ${by.map((g) => `where ${relationText(g.rule, user!.username)} (rule ${g.rule.index})`).join(' or ')}`,
    );
  }
  return lines;
}

/** Why a rule that grants the operation does or does not apply to this viewer (and object). */
async function ruleText(
  rule: CompiledRule,
  grant: RuleGrant | undefined,
  input: ExplainInput,
  probe: SemiJoinProbe,
): Promise<string> {
  const { user, memberships, object } = input;
  if (!grant) {
    if (!user) return 'does not apply: not signed in';
    if (rule.verified && user.doc[EMAIL_VERIFIED_FIELD] !== true)
      return `does not apply: ${user.username}'s email address is not verified`;
    if (rule.scope !== 'ROLE') return 'does not apply: not signed in';
    const member = memberships.filter((m) => rule.roles.includes(m.roleName));
    if (member.length === 0) return `does not apply: not a member of ${rule.roles.join(' or ')}`;
    return `does not apply: member of ${levels(member)}, and readonly members receive only read`;
  }
  switch (rule.scope) {
    case 'EVERYONE':
      return 'applies to everyone';
    case 'AUTHENTICATED':
      return 'applies: signed in';
    case 'ROLE':
      return `applies: member of ${levels(memberships.filter((m) => rule.roles.includes(m.roleName)))}`;
    case 'RELATION': {
      const where = relationText(rule, user!.username);
      if (!object) return `applies only where ${where}`;
      return grant.condition.kind === 'deny' ||
        (grant.condition.kind === 'filter' && !(await matchesFilterWithStore(probe, grant.condition.filter, object)))
        ? `does not apply: ${where} is not true of this object`
        : `applies: ${where}`;
    }
  }
}

function relationText(rule: CompiledRule, username: string): string {
  return `${rule.paths.map((p) => p.join('.') || 'me').join(' or ')} leads to ${username}`;
}

/** `rule 2`, or the implicit read of readonly `admin` members, which no file holds. */
function ruleRef(rule: CompiledRule): string {
  return rule.index < 0 ? `the ${ADMIN_ROLE} role (readonly members read everything)` : `rule ${rule.index}`;
}

function levels(members: Membership[]): string {
  return members.map((m) => `${m.roleName} (${m.accessLevel})`).join(', ');
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
