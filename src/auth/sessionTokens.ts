import { userError } from '../errors';
import type { Store, StoredDoc } from '../store/Store';
import { RefreshTokens } from './refreshTokens';
import { newSessionId, withSessionEnded, ENDED_SESSIONS } from './sessions';
import { newTokenVersion, TOKEN_VERSION, type UserTokens } from './userTokens';

/** What a sign-in returns: an access token, and a refresh token when they are on. */
export interface IssuedTokens {
  token: string;
  refreshToken: string | null;
}

/**
 * Sessions as the account mutations use them (docs/accounts.md#sessions): start one at sign-in,
 * refresh its token, end one, or end them all.
 */
export interface SessionTokens {
  readonly refreshTokensOn: boolean;
  start(user: StoredDoc): Promise<IssuedTokens>;
  /** A refresh token → the next pair; UNAUTHENTICATED when it is unknown, expired, spent or its session ended. */
  refresh(refreshToken: string): Promise<IssuedTokens & { user: StoredDoc }>;
  /** Logs one session out: its tokens and its refresh tokens stop working. */
  end(userId: string, session: string): Promise<void>;
  /** Logs every session of a user out; false when there is no such user. */
  endAll(userId: string): Promise<boolean>;
}

export function createSessionTokens(
  store: Store,
  tokens: UserTokens,
  options: { usersCollection: string; refreshTokenTtlSeconds?: number },
): SessionTokens {
  const users = options.usersCollection;
  const refreshTokens =
    options.refreshTokenTtlSeconds === undefined
      ? undefined
      : new RefreshTokens(store, {
          ttlSeconds: options.refreshTokenTtlSeconds,
          usersCollection: users,
          tokenVersionField: TOKEN_VERSION,
        });

  async function end(userId: string, session: string): Promise<void> {
    // Every token of the session was signed before now, so none outlives now + the lifetime.
    const until = Date.now() + tokens.ttlSeconds * 1000;
    await store.transaction(async (tx) => {
      const [user] = await tx.findByIds(users, [userId]);
      if (!user) return;
      const ended = withSessionEnded(user, session, until);
      await tx.update(
        users,
        userId,
        ended
          ? { set: { [ENDED_SESSIONS]: ended } }
          : { set: { [TOKEN_VERSION]: newTokenVersion() }, unset: [ENDED_SESSIONS] },
      );
    });
    await refreshTokens?.revokeFamily(session);
  }

  return {
    refreshTokensOn: refreshTokens !== undefined,
    async start(user) {
      const session = newSessionId();
      return {
        token: tokens.sign(user, session),
        refreshToken: refreshTokens ? await refreshTokens.issue(user, session) : null,
      };
    },
    async refresh(refreshToken) {
      if (!refreshTokens) {
        throw userError('FEATURE_DISABLED', 'refresh tokens are off on this server (REFRESH_TOKENS)', {
          settings: ['REFRESH_TOKENS'],
        });
      }
      const rotation = await refreshTokens.rotate(refreshToken);
      if (rotation.result === 'reused') {
        await end(rotation.userId, rotation.family);
        throw userError(
          'UNAUTHENTICATED',
          'this refresh token was used before, so a copy of it exists: its session is ended',
        );
      }
      if (rotation.result === 'refused') throw userError('UNAUTHENTICATED', rotation.reason);
      const { user, family } = rotation;
      return { user, token: tokens.sign(user, family), refreshToken: rotation.refreshToken };
    },
    end,
    async endAll(userId) {
      const existed = await store.update(users, userId, {
        set: { [TOKEN_VERSION]: newTokenVersion() },
        unset: [ENDED_SESSIONS],
      });
      await refreshTokens?.revokeUser(userId);
      return existed;
    },
  };
}
