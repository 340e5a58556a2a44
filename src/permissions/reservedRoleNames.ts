import { ADMIN_ROLE } from '../appModel/builtInSchema';
import type { Policy } from './compilePolicy';

/**
 * The role names the rules files give grants to, and `admin`. ROLE rules match roles by
 * name, so these names are reserved (docs/api.md#roles): the roles exist from the first start and only
 * admins (admin tokens, `admin` role members) may create or rename a role to or from one.
 */
export function reservedRoleNames(policy: Policy): ReadonlySet<string> {
  const names = new Set<string>([ADMIN_ROLE]);
  for (const { rules } of policy.types.values()) {
    for (const rule of rules) for (const role of rule.roles) names.add(role);
  }
  return names;
}
