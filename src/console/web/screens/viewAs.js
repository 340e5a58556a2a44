import { describeError } from '../lib/api.js';
import { session } from '../lib/session.js';

/**
 * Starts "view as" (docs/console.md#view-as): the admin mints a read-only token for `user`
 * (`{ id, username }`, or null for anonymous) and the data browser runs with it until it is
 * stopped or expires. Returns an error message, or null once the browser is showing the data.
 */
export async function startViewingAs(consoleApi, user, type) {
  const { data, errors } = await consoleApi.admin(
    'mutation ConsoleViewAs($input: CreateViewAsTokenInput!) { createViewAsToken(input: $input) { token expiresAt } }',
    { input: { userId: user?.id ?? null } },
  );
  if (errors.length > 0) return describeError(errors[0]);
  const { token, expiresAt } = data.createViewAsToken;
  session.startViewAs({ token, expiresAt, label: user ? user.username : 'anonymous' });
  const target = `#/data${type ? `/${type}` : ''}`;
  if (window.location.hash === target) consoleApi.refresh();
  else window.location.hash = target;
  return null;
}
