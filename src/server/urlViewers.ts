import type { UrlViewers } from '../files/signedFileUrls';
import type { Store } from '../store/Store';
import { ANONYMOUS } from '../Viewer';
import { ADMIN_TOKENS } from '../auth/adminTokens';
import { TOKEN_VERSION } from '../auth/userTokens';

const USER = 'user.';
const ADMIN = 'admin.';

/**
 * How a signed `File.url` names its viewer (docs/files.md): `user.<stored id>` with the user's
 * token version, so a password change or a sign-out everywhere ends the user's URLs;
 * `admin.<token name>`, ended by revoking the token; `anonymous`.
 */
export function createUrlViewers(store: Store, usersCollection: string): UrlViewers {
  return {
    nameOf(viewer) {
      if (viewer.kind === 'user')
        return { name: `${USER}${viewer.id}`, version: String(viewer.user[TOKEN_VERSION] ?? '') };
      if (viewer.kind === 'adminToken') return { name: `${ADMIN}${viewer.name}`, version: '' };
      return { name: 'anonymous', version: '' };
    },
    async find(name) {
      if (name === 'anonymous') return { viewer: ANONYMOUS, version: '' };
      if (name.startsWith(USER)) {
        const [user] = await store.findByIds(usersCollection, [name.slice(USER.length)]);
        return user
          ? { viewer: { kind: 'user', id: user._id, user }, version: String(user[TOKEN_VERSION] ?? '') }
          : null;
      }
      if (name.startsWith(ADMIN)) {
        const tokenName = name.slice(ADMIN.length);
        const [token] = await store.find(ADMIN_TOKENS.name, {
          filter: { name: { $eq: tokenName } },
          sort: [],
          limit: 1,
        });
        return token ? { viewer: { kind: 'adminToken', name: tokenName }, version: '' } : null;
      }
      return null;
    },
  };
}
