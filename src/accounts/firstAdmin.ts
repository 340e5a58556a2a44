import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import type { AppModel } from '../appModel/AppModel';
import { ADMIN_ROLE, USER_ROLES } from '../appModel/builtInSchema';
import { newObjectDocument } from '../appModel/newObjectDocument';
import { assertValidNewPassword, passwordMatches } from '../auth/passwords';
import { newPasswordFields, PASSWORD_HASH } from '../auth/userTokens';
import { ConfigError, type Config } from '../config/loadConfig';
import { newStoredId } from '../store/newStoredId';
import type { Store, StoredDoc } from '../store/Store';

export interface FirstAdmin {
  username: string;
  password: string;
}

/** Member access levels that make a user an admin of everything (docs/api.md#users-and-tokens). */
const FULL_ACCESS = ['admin', 'readwrite'];

export type FirstAdminOutcome =
  { result: 'exists' } | { result: 'created' } | { result: 'promoted' } | { result: 'refused'; reason: string };

/**
 * The first admin (`ADMIN_USERNAME`/`ADMIN_PASSWORD`), made at every start and by `npm run
 * seed` when the built-in `admin` role has no member with full access; otherwise nothing
 * changes, so the variables can stay set. A user of that name who signed up earlier is made
 * admin only if `ADMIN_PASSWORD` is their password: knowing a username must not be enough.
 * The user is stored as the seed stores one (`newObjectDocument`, `newPasswordFields`).
 */
export async function ensureFirstAdmin(app: AppModel, store: Store, admin: FirstAdmin): Promise<FirstAdminOutcome> {
  const users = app.models.get('User')!;
  const links = app.links.get(USER_ROLES)!;
  const [userKey, roleKey] = linkKeysOfUserRoles(app);
  const [adminRole] = await store.find(app.models.get('Role')!.collection, {
    filter: { name: { $eq: ADMIN_ROLE } },
    sort: [],
    limit: 1,
  });
  if (!adminRole) throw new Error('the built-in admin role is missing: ensureBuiltInData runs first');
  if (
    (await store.count(links.collection, { [roleKey]: { $eq: adminRole._id }, accessLevel: { $in: FULL_ACCESS } })) > 0
  ) {
    return { result: 'exists' };
  }
  let [user]: (StoredDoc | undefined)[] = await store.find(users.collection, {
    filter: { username: { $eq: admin.username } },
    sort: [],
    limit: 1,
  });
  const existed = user !== undefined;
  if (user && !(await passwordMatches(admin.password, user[PASSWORD_HASH] as string | undefined))) {
    return {
      result: 'refused',
      reason: `ADMIN_USERNAME names an existing user "${admin.username}" whose password is not ADMIN_PASSWORD: not made admin`,
    };
  }
  if (!user) {
    assertValidNewPassword(admin.password);
    user = newObjectDocument(users, { username: admin.username }, { hidden: await newPasswordFields(admin.password) });
    await store.insert(users.collection, user);
  }
  // A readonly membership of that user is replaced: the first admin gets full access.
  await store.deleteMany(links.collection, { [userKey]: { $eq: user._id }, [roleKey]: { $eq: adminRole._id } });
  await store.insert(links.collection, {
    _id: newStoredId(),
    [userKey]: user._id,
    [roleKey]: adminRole._id,
    accessLevel: 'admin',
    createdAt: new Date().toISOString(),
  });
  return { result: existed ? 'promoted' : 'created' };
}

/** `UserRoles`' two link keys, the User end first. */
function linkKeysOfUserRoles(app: AppModel): [string, string] {
  const relation = app.relations.get(USER_ROLES);
  if (relation?.kind !== 'manyToMany') throw new Error('the built-in UserRoles relation is missing');
  return relation.ends[0].model === 'User' ? relation.linkKeys : [relation.linkKeys[1], relation.linkKeys[0]];
}

/**
 * At start: the first admin from `ADMIN_USERNAME`/`ADMIN_PASSWORD` when both are set. A
 * password outside bcrypt's limits stops the start naming the variable; a clash with an
 * existing user is a warning, and the server starts without making anyone admin.
 */
export async function createFirstAdminAtStart(
  config: Config,
  app: AppModel,
  store: Store,
  logger: Logger,
): Promise<void> {
  if (!config.ADMIN_USERNAME || !config.ADMIN_PASSWORD) {
    if (config.ADMIN_USERNAME || config.ADMIN_PASSWORD)
      logger.warn('ADMIN_USERNAME and ADMIN_PASSWORD go together: no first admin made');
    return;
  }
  let outcome: FirstAdminOutcome;
  try {
    outcome = await ensureFirstAdmin(app, store, { username: config.ADMIN_USERNAME, password: config.ADMIN_PASSWORD });
  } catch (error) {
    if (error instanceof GraphQLError)
      throw new ConfigError(`ADMIN_PASSWORD: ${error.message.replace(/^password /, '')}`);
    throw error;
  }
  if (outcome.result === 'refused') logger.warn(outcome.reason);
  else if (outcome.result !== 'exists')
    logger.info({ username: config.ADMIN_USERNAME, result: outcome.result }, 'first admin ready');
}
