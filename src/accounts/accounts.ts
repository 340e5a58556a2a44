import { normaliseName } from '../appModel/accountNames';
import type { Model } from '../appModel/AppModel';
import { EMAIL_FIELD, EMAIL_VERIFIED_FIELD, EXTERNAL_ID, PASSWORD_FIELD } from '../appModel/builtInSchema';
import { userError } from '../errors';
import { createObject, type CreateOptions } from '../resolvers/mutations/createObject';
import { atItem, createEach, type ItemPath } from '../resolvers/mutations/createEach';
import { updateObject } from '../resolvers/mutations/updateObject';
import { decodeGlobalId } from '../resolvers/globalIds';
import { tagModel } from '../resolvers/modelOf';
import type { RequestContext } from '../resolvers/RequestContext';
import { UniqueViolation, type StoredDoc } from '../store/Store';
import {
  existenceTest,
  loginAttempt,
  passwordCheck,
  type LoginThrottle,
  type Reservation,
} from '../auth/loginThrottle';
import { assertValidNewPassword, passwordMatches } from '../auth/passwords';
import type { IssuedTokens, SessionTokens } from '../auth/sessionTokens';
import { asConflict } from '../resolvers/mutations/writeErrors';
import { firstTaken, hiddenUniqueFields } from './takenValues';
import { newPasswordFields, PASSWORD_HASH } from '../auth/userTokens';
import type { Viewer } from '../Viewer';

export interface Accounts {
  /** `id`: the stored id, when chosen beforehand (uploaded files name their object). */
  signUp(
    context: RequestContext,
    input: Record<string, unknown>,
    id?: string,
  ): Promise<{ user: StoredDoc } & IssuedTokens>;
  /** `createManyUsers`: sign-ups, all or nothing, without tokens; errors point at `path(index)`. */
  signUpMany(context: RequestContext, inputs: Record<string, unknown>[], path: ItemPath): Promise<StoredDoc[]>;
  logIn(context: RequestContext, input: Record<string, unknown>): Promise<{ user: StoredDoc } & IssuedTokens>;
  /** The user themself gets a fresh session; for an admin `tokens` is null. */
  changePassword(
    context: RequestContext,
    input: { id: string; oldPassword: string; newPassword: string },
  ): Promise<{ user: StoredDoc; tokens: IssuedTokens | null }>;
  /** `updateUser` with or without a new `password` (a reset, docs/api.md#users-and-tokens). */
  update(context: RequestContext, input: Record<string, unknown>): Promise<StoredDoc>;
  /** The fields that name a user at login: `username` and every other `@unique` String. */
  credentialFields: string[];
}

/** The User fields that can name an account at login: `username` first. */
export function credentialFields(user: Model): string[] {
  return [...user.fields.values()]
    .filter((f) => f.kind === 'scalar' && f.unique && f.type === 'String' && f.name !== EXTERNAL_ID)
    .map((f) => f.name)
    .sort((a, b) => (a === 'username' ? -1 : b === 'username' ? 1 : 0));
}

/**
 * One HTTP request may start at most one bcrypt operation (docs/limits.md), so aliases cannot turn
 * one request into many login attempts.
 */
export function claimPasswordWork(context: RequestContext): void {
  context.passwordChecks += 1;
  if (context.passwordChecks > 1) {
    throw userError('TOO_MANY_REQUESTS', 'one password operation per request (sign-up, login or password change)', {
      retryAfterSeconds: 0,
    });
  }
}

const WRONG_CREDENTIALS = 'wrong username or password';

/**
 * How many accounts one `createManyUsers` may create for a caller who is not an admin
 * (docs/limits.md): each costs a bcrypt hash, and signing up many users at once is an admin's
 * or an import's job.
 */
export const MAX_SIGN_UPS_PER_REQUEST = 10;

/**
 * The password check of `reservation`'s attempt: a mismatch stays counted; a match gives the
 * reservation back; a check that never ran (a full password queue) does too.
 */
async function checkedPassword(reservation: Reservation, password: string, hash: string | undefined): Promise<boolean> {
  let matches: boolean;
  try {
    matches = await passwordMatches(password, hash);
  } catch (error) {
    await reservation.cancelled();
    throw error;
  }
  if (matches) await reservation.succeeded();
  return matches;
}

/** Whoever sets `externalId` decides which account a provider's user signs in as: admins only. */
function assertMayWriteExternalId(context: RequestContext, input: Record<string, unknown>): void {
  if (input[EXTERNAL_ID] !== undefined && !context.access.bypass) {
    throw userError('FORBIDDEN', `only an admin may set User.${EXTERNAL_ID}`, { field: EXTERNAL_ID });
  }
}

/**
 * Told of each failed login, for the operator's log: which login field was used and the account
 * it named, never the name typed (it is sometimes a password typed in the wrong box).
 */
export type FailedLoginListener = (event: {
  requestId: string;
  field: string;
  userId: string | null;
  address: string;
}) => void;

/** Told of each account whose address is new (a sign-up with one, a change): it mails a verification link. */
export type EmailChangeListener = (context: RequestContext, user: StoredDoc) => void;

/** Sign-up, login and password changes over the User model and its hidden fields. */
export function createAccounts(
  userModel: Model,
  sessions: SessionTokens,
  throttle: LoginThrottle,
  onFailedLogin: FailedLoginListener = () => undefined,
  onNewEmail: EmailChangeListener = () => undefined,
): Accounts {
  const logins = credentialFields(userModel);
  const hasEmailVerified = userModel.fields.has(EMAIL_VERIFIED_FIELD);

  /** Whether an update input gives User a different address than it has: that one is not verified yet. */
  async function emailChanges(context: RequestContext, fields: Record<string, unknown>): Promise<boolean> {
    if (fields[EMAIL_FIELD] === undefined) return false;
    const { id } = decodeGlobalId(fields.id as string, [userModel.name]);
    const [stored] = await context.store.findByIds(userModel.collection, [id]);
    return (stored?.[EMAIL_FIELD] ?? null) !== fields[EMAIL_FIELD];
  }

  /** A sign-up input → the visible fields, and the password hash (and verified flag) stored beside them. */
  async function newAccount(
    input: Record<string, unknown>,
  ): Promise<{ fields: Record<string, unknown>; options: CreateOptions }> {
    const { [PASSWORD_FIELD]: password, ...fields } = input;
    const hidden = {
      ...(await newPasswordFields(password as string)),
      ...(hasEmailVerified ? { [EMAIL_VERIFIED_FIELD]: false } : {}),
    };
    return { fields, options: { hidden, hiddenAs: [PASSWORD_FIELD] } };
  }

  /**
   * Refuses sign-ups that set a unique value someone holds, before any password is hashed.
   * Where the caller may not read that field of other users, each such look is counted against
   * their address (`existenceTest`), so sign-ups cannot test hidden emails for free.
   */
  async function assertNothingTaken(context: RequestContext, inputs: Record<string, unknown>[], path?: ItemPath) {
    const hidden = await hiddenUniqueFields(context, userModel, inputs);
    const reservation =
      hidden.length > 0
        ? await throttle.reserve(existenceTest({ address: context.clientAddress, requestId: context.requestId }))
        : undefined;
    const taken = await firstTaken(context, userModel, inputs, hidden);
    if (!taken?.hidden) await reservation?.cancelled();
    if (!taken) return;
    const conflict = asConflict(new UniqueViolation(userModel.collection, [taken.field]), userModel.name);
    throw path ? atItem(conflict, taken.index, path) : conflict;
  }

  return {
    credentialFields: logins,

    async signUp(context, input, id) {
      assertMayWriteExternalId(context, input);
      assertValidNewPassword(input[PASSWORD_FIELD] as string);
      claimPasswordWork(context);
      await assertNothingTaken(context, [input]);
      const { fields, options } = await newAccount(input);
      const user = await createObject(context, userModel, fields, { ...options, id });
      onNewEmail(context, user);
      return { user, ...(await sessions.start(user)) };
    },

    async signUpMany(context, inputs, path) {
      if (!context.access.bypass && inputs.length > MAX_SIGN_UPS_PER_REQUEST) {
        throw userError(
          'BAD_USER_INPUT',
          `createManyUsers creates at most ${MAX_SIGN_UPS_PER_REQUEST} accounts per request for callers who are not admins; got ${inputs.length}`,
          { limit: MAX_SIGN_UPS_PER_REQUEST, count: inputs.length },
        );
      }
      inputs.forEach((input, index) => {
        try {
          assertMayWriteExternalId(context, input);
          assertValidNewPassword(input[PASSWORD_FIELD] as string);
        } catch (error) {
          throw atItem(error, index, path);
        }
      });
      // One batch is one request's password work; its size is capped above and by MAX_CREATE_MANY_USERS.
      claimPasswordWork(context);
      await assertNothingTaken(context, inputs, path);
      // Hashed before the transaction, so the write lock is not held through seconds of bcrypt;
      // one at a time, so a batch waits its turn in the password queue like any other client.
      const accounts: Awaited<ReturnType<typeof newAccount>>[] = [];
      for (const input of inputs) accounts.push(await newAccount(input));
      const users = await createEach(context, accounts, path, ({ fields, options }, tx) =>
        createObject(context, userModel, fields, { ...options, store: tx }),
      );
      for (const user of users) onNewEmail(context, user);
      return users;
    },

    async logIn(context, input) {
      const given = logins.filter((field) => input[field] !== undefined && input[field] !== null);
      if (given.length !== 1) {
        throw userError('BAD_USER_INPUT', `give exactly one of ${logins.join(', ')}`, { fields: logins });
      }
      const [field] = given;
      claimPasswordWork(context);
      const [found] = await context.store.find(userModel.collection, {
        // Usernames are stored NFKC-normalised (docs/api.md#user-and-role-names), so `ａｄａ` typed finds `ada`.
        filter: {
          [field]: { $eq: field === 'username' ? normaliseName(input[field] as string) : (input[field] as string) },
        },
        sort: [],
        limit: 1,
      });
      // Counted before the password is checked, so attempts sent at once all count.
      const reservation = await throttle.reserve(
        loginAttempt(field, found ? { userId: found._id } : { typed: String(input[field]) }, {
          address: context.clientAddress,
          requestId: context.requestId,
        }),
      );
      const hash = found?.[PASSWORD_HASH] as string | undefined;
      if (!(await checkedPassword(reservation, input[PASSWORD_FIELD] as string, hash))) {
        onFailedLogin({
          requestId: context.requestId,
          field,
          userId: found?._id ?? null,
          address: context.clientAddress,
        });
        throw userError('UNAUTHENTICATED', WRONG_CREDENTIALS);
      }
      const lastLogin = new Date().toISOString();
      await context.store.update(userModel.collection, found._id, { set: { lastLogin } });
      const user = tagModel({ ...found, lastLogin }, userModel.name);
      return { user, ...(await sessions.start(user)) };
    },

    async changePassword(context, input) {
      const { id } = decodeGlobalId(input.id, [userModel.name]);
      const self = context.viewer.kind === 'user' && context.viewer.id === id;
      if (!self && !context.access.bypass)
        throw userError('FORBIDDEN', 'only the user themself or an admin may change this password');
      assertValidNewPassword(input.newPassword, 'newPassword');
      claimPasswordWork(context);
      const [found] = await context.store.findByIds(userModel.collection, [id]);
      // A wrong old password is a guess at this user's password: throttled as a login is.
      const reservation = await throttle.reserve(
        passwordCheck(id, { address: context.clientAddress, requestId: context.requestId }),
      );
      if (!(await checkedPassword(reservation, input.oldPassword, found?.[PASSWORD_HASH] as string | undefined))) {
        if (!found) throw userError('NOT_FOUND', `no User with id ${input.id}`);
        throw userError('BAD_USER_INPUT', 'oldPassword is not the current password', { field: 'oldPassword' });
      }
      const changed = { ...(await newPasswordFields(input.newPassword)), modifiedAt: new Date().toISOString() };
      await context.store.update(userModel.collection, id, { set: changed });
      const user = tagModel({ ...found, ...changed }, userModel.name);
      return { user, tokens: self ? await sessions.start(user) : null };
    },

    async update(context, input) {
      assertMayWriteExternalId(context, input);
      const { [PASSWORD_FIELD]: password, ...fields } = input;
      const newEmail = hasEmailVerified && (await emailChanges(context, fields));
      const verified = newEmail ? { [EMAIL_VERIFIED_FIELD]: false } : {};
      let user: StoredDoc;
      if (password === undefined) {
        user = await updateObject(context, userModel, fields, { hidden: verified });
      } else {
        if (password === null) throw userError('BAD_USER_INPUT', 'User.password cannot be null');
        assertValidNewPassword(password as string);
        claimPasswordWork(context);
        // The hash is made before the rules are asked; a refused reset costs one bcrypt, as a login does.
        const hidden = { ...(await newPasswordFields(password as string)), ...verified };
        user = await updateObject(context, userModel, fields, { hidden, hiddenAs: [PASSWORD_FIELD] });
      }
      if (newEmail) onNewEmail(context, user);
      return user;
    },
  };
}

export function viewerOf(user: StoredDoc): Viewer {
  return { kind: 'user', id: user._id, user };
}
