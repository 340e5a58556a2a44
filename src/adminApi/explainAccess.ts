import type { AppModel, Model } from '../appModel/AppModel';
import { PASSWORD_FIELD } from '../appModel/builtInSchema';
import type { Access, Operation, RuleGrant } from '../permissions/Access';
import type { Policy } from '../permissions/compilePolicy';
import { createAccess } from '../permissions/createAccess';
import { explain } from '../permissions/explain';
import { judge } from '../permissions/judge';
import type { Membership } from '../permissions/Membership';
import { ruleLabel } from '../permissions/ruleLabel';
import type { Store, StoredDoc } from '../store/Store';
import type { Viewer } from '../Viewer';

const OPERATIONS: readonly Operation[] = ['read', 'create', 'update', 'delete'];

/**
 * `ALLOWED` on every field (or the whole object), `PARTLY` on some fields, `CONDITIONAL` only on
 * the objects a RELATION rule admits (a type asked without an object), `DENIED` not at all.
 */
export type Decision = 'ALLOWED' | 'PARTLY' | 'CONDITIONAL' | 'DENIED';

export interface FieldAccess {
  field: string;
  allowed: boolean;
  /** Granted only where a RELATION rule holds (a type asked without an object). */
  conditional: boolean;
  /** The rules that grant it (that hold, when an object was given). */
  rules: string[];
}

export interface OperationAccess {
  operation: Operation;
  decision: Decision;
  /** One sentence: what decided, in the operator's words. */
  reason: string;
  /** The rules that decided a grant; empty when nothing grants it (or an admin skips the rules). */
  rules: string[];
  /** Empty for delete, which is decided on the object as a whole. */
  fields: FieldAccess[];
  /** `npm run permissions -- explain`'s answer, line by line. */
  explanation: string[];
}

export interface AccessQuestion {
  app: AppModel;
  policy: Policy;
  store: Store;
  type: Model;
  user: { id: string; username: string; doc: StoredDoc } | undefined;
  memberships: Membership[];
  object?: StoredDoc;
}

/**
 * Each operation allowed or denied for one user (or anonymous) on a type or one object, with
 * the rules that decided: the server's own `Access` through `judge`, and `explain`'s lines, so
 * the console and `npm run permissions -- explain` cannot disagree with the server.
 */
export async function explainAccess(question: AccessQuestion): Promise<OperationAccess[]> {
  const { app, policy, store, type, user, memberships, object } = question;
  const viewer: Viewer = user ? { kind: 'user', id: user.id, user: user.doc } : { kind: 'anonymous' };
  const who = user ? `user ${user.username}` : 'an anonymous client';
  const access = createAccess({ app, policy, store, viewer, memberships });
  const source = policy.types.get(type.name)?.source ?? '(no rules)';
  const answers: OperationAccess[] = [];
  for (const operation of OPERATIONS) {
    const explanation = await explain({ ...question, operation });
    const fields =
      operation === 'delete'
        ? []
        : [...type.fields.keys(), ...(type.name === 'User' && operation !== 'read' ? [PASSWORD_FIELD] : [])];
    if (access.bypass) {
      const allowed = fields.map((field) => ({ field, allowed: true, conditional: false, rules: [] }));
      answers.push({
        operation,
        decision: 'ALLOWED',
        reason: `${who} is an admin: every rule is skipped`,
        rules: [],
        fields: allowed,
        explanation,
      });
      continue;
    }
    const answer = object
      ? await onObject(question, access, operation, fields, who, source)
      : onType(await access.grants(operation, type), operation, fields, who, source, type);
    answers.push({ operation, ...answer, explanation });
  }
  return answers;
}

type Answer = Omit<OperationAccess, 'operation' | 'explanation'>;

async function onObject(
  question: AccessQuestion,
  access: Access,
  operation: Operation,
  fields: string[],
  who: string,
  source: string,
): Promise<Answer> {
  const { store, type } = question;
  const verdict = await judge(access, store, { operation, model: type, fields, object: question.object! });
  const fieldAccess = verdict.fields.map((f) => ({
    field: f.field,
    allowed: f.allowed,
    conditional: false,
    rules: f.grantedBy.map(ruleLabel),
  }));
  const granted = fieldAccess.filter((f) => f.allowed);
  const rules = operation === 'delete' ? verdict.heldBy.map(ruleLabel) : [...new Set(granted.flatMap((f) => f.rules))];
  let decision: Decision;
  if (!verdict.visible) decision = 'DENIED';
  else if (operation === 'delete') decision = verdict.allowed ? 'ALLOWED' : 'DENIED';
  else decision = granted.length === fields.length ? 'ALLOWED' : granted.length > 0 ? 'PARTLY' : 'DENIED';
  let reason: string;
  if (!verdict.visible) reason = `${who} cannot see this ${type.name}: no read rule in ${source} holds for it`;
  else if (verdict.candidates.length === 0)
    reason = `no rule in ${source} grants ${operation} on ${type.name} to ${who}`;
  else if (decision === 'DENIED')
    reason = `${verdict.candidates.map((g) => ruleLabel(g.rule)).join(', ')} ${verdict.candidates.length === 1 ? 'grants' : 'grant'} ${operation} to ${who}, but not on this ${type.name}`;
  else reason = grantedReason(rules, fieldAccess);
  return { decision, reason, rules, fields: fieldAccess };
}

function onType(
  grants: readonly RuleGrant[],
  operation: Operation,
  fields: string[],
  who: string,
  source: string,
  type: Model,
): Answer {
  const label = (list: readonly RuleGrant[]) => list.map((g) => ruleLabel(g.rule));
  const fieldAccess = fields.map((field) => {
    // The id of a visible object is always readable (docs/permissions.md#what-each-operation-checks).
    const by = grants.filter(
      (g) => g.fields === 'all' || g.fields.has(field) || (operation === 'read' && field === 'id'),
    );
    const unconditional = by.filter((g) => g.condition.kind === 'allow');
    return {
      field,
      allowed: unconditional.length > 0,
      conditional: unconditional.length === 0 && by.length > 0,
      rules: label(unconditional.length > 0 ? unconditional : by),
    };
  });
  const unconditional = grants.filter((g) => g.condition.kind === 'allow');
  if (grants.length === 0)
    return {
      decision: 'DENIED',
      reason: `no rule in ${source} grants ${operation} on ${type.name} to ${who}`,
      rules: [],
      fields: fieldAccess,
    };
  const allowed = fieldAccess.filter((f) => f.allowed);
  let decision: Decision;
  if (operation === 'delete') decision = unconditional.length > 0 ? 'ALLOWED' : 'CONDITIONAL';
  else if (allowed.length === fields.length) decision = 'ALLOWED';
  else if (allowed.length > 0) decision = 'PARTLY';
  else decision = 'CONDITIONAL';
  const rules = label(decision === 'CONDITIONAL' ? grants : unconditional);
  const reason =
    decision === 'CONDITIONAL'
      ? `only on the ${type.plural} where ${rules.join(' or ')} holds for ${who}`
      : grantedReason(rules, fieldAccess);
  return { decision, reason, rules, fields: fieldAccess };
}

function grantedReason(rules: string[], fields: FieldAccess[]): string {
  const denied = fields.filter((f) => !f.allowed).map((f) => f.field);
  return `granted by ${rules.join(', ')}${denied.length > 0 ? `; no rule grants ${denied.join(', ')}` : ''}`;
}
