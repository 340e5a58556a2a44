import type { Model } from '../appModel/AppModel';
import type { Operation } from './Access';
import type { Policy } from './compilePolicy';
import type { CompiledRule, UserPath } from './Rule';

export interface DenialContext {
  policy: Policy;
  /** Whether the request carried a user token (admin tokens never get here: they skip rules). */
  signedIn: boolean;
  /** Whether that user's email is verified (`"verified": true` rules ask for it). */
  verified?: boolean;
}

/**
 * Why a FORBIDDEN happened and what would pass, in one sentence for the client: which fields
 * no rule grants, that a rule would allow it when signed in, or which user field must lead
 * to the viewer. Names rules by scope and index, never the server's file paths. Undefined
 * when the rules give nothing better to say than "denied".
 */
export function denialHint(
  { policy, signedIn, verified = false }: DenialContext,
  operation: Operation,
  type: Model,
  fields: readonly string[],
): string | undefined {
  const rules = (policy.types.get(type.name)?.rules ?? []).filter((rule) => rule.operations.has(operation));
  const covers = (rule: CompiledRule) => fields.every((field) => rule.fields === 'all' || rule.fields.has(field));
  const ungranted = fields.filter((field) => !rules.some((rule) => rule.fields === 'all' || rule.fields.has(field)));
  if (ungranted.length > 0) return `no rule of ${type.name} grants ${operation} on ${ungranted.join(', ')}`;
  if (rules.length === 0) return `no rule of ${type.name} grants ${operation}`;
  const covering = rules.filter(covers);
  const signedInRule = covering.find((rule) => rule.scope !== 'EVERYONE');
  if (!signedIn) {
    if (!signedInRule) return undefined;
    return `no token was sent, and ${describe(signedInRule, type, operation)}: sign in (createUser or loginUser) and send "Authorization: Bearer <token>"`;
  }
  if (!verified && covering.length > 0 && covering.every((rule) => rule.verified))
    return `${describe(covering[0], type, operation)}: verify your email address (requestEmailVerification, then verifyEmail)`;
  const relation = covering.find((rule) => rule.scope === 'RELATION');
  if (relation)
    return `${describe(relation, type, operation)}${operation === 'create' ? `: ${howToPointAtYou(relation, type)}` : ''}`;
  const role = covering.find((rule) => rule.scope === 'ROLE');
  if (role) return describe(role, type, operation);
  return undefined;
}

function describe(rule: CompiledRule, type: Model, operation: Operation): string {
  const grant = `${rule.scope} rule ${rule.index} of ${type.name} grants ${operation}${rule.verified ? ' (verified email only)' : ''}`;
  switch (rule.scope) {
    case 'EVERYONE':
    case 'AUTHENTICATED':
      return `${grant} to signed-in users`;
    case 'ROLE':
      return `${grant} only to members of ${rule.roles.join(' or ')}${operation === 'read' ? '' : ' (accessLevel readwrite or admin)'}`;
    case 'RELATION':
      return `${grant} only when ${rule.paths.map((path) => pathText(path)).join(' or ')}`;
  }
}

function pathText(path: UserPath): string {
  return path.length === 0 ? 'it is your own User' : `${path.join('.')} is you`;
}

/** For a create: the input that makes a RELATION rule hold for the new object. */
function howToPointAtYou(rule: CompiledRule, type: Model): string {
  const ways = rule.paths.map((path) => {
    const field = type.fields.get(path[0]);
    if (!field || field.kind !== 'relation') return pathText(path);
    if (field.list) return `add yourself to ${field.name}`;
    const target =
      path.length === 1
        ? 'your own user id (viewer { user { id } })'
        : `the id of a ${field.target} whose ${path.slice(1).join('.')} is you`;
    return `set ${field.name}Id to ${target}`;
  });
  return ways.join(', or ');
}
