import { ADMIN_ROLE } from '../appModel/builtInSchema';
import { userError } from '../errors';
import { loadMemberships } from '../permissions/Membership';
import type { RequestContext } from '../resolvers/RequestContext';

/** Reads (explain, the matrix, the schema, the token list) or writes (tokens, view-as). */
export type AdminNeed = 'read' | 'write';

/**
 * The admin operations answer admin tokens and members of the built-in `admin` role, as every
 * rule does (docs/api.md#admin-operations); a `readonly` member, who reads everything, may use
 * the reading ones. Everyone else, and every view-as token, gets FORBIDDEN.
 */
export async function assertAdmin(context: RequestContext, need: AdminNeed, operation: string): Promise<void> {
  const { viewer } = context;
  if (viewer.kind === 'adminToken') return;
  if (viewer.kind === 'user' && !viewer.readOnly) {
    if (context.access.bypass) return;
    if (need === 'read') {
      const memberships = await loadMemberships(context.app, context.store, viewer.id);
      if (memberships.some((m) => m.roleName === ADMIN_ROLE)) return;
    }
  }
  throw userError(
    'FORBIDDEN',
    `${operation} is for admins: an admin token, or a member of the ${ADMIN_ROLE} role${need === 'write' ? ' (admin or readwrite)' : ''}`,
  );
}
