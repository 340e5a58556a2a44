import { randomBytes } from 'node:crypto';
import type { StoredDoc } from '../store/Store';

/**
 * Sessions (docs/accounts.md#sessions). Every token Graphkeep signs names its session (`sid`);
 * a sign-in starts one, refreshing a token keeps it. The User document lists the sessions
 * ended before their tokens expire, each with the time its last token does, so the one read
 * of the user that every authenticated request makes also answers "was this logged out?".
 */
export const ENDED_SESSIONS = '_endedSessions';

/**
 * Ended sessions one user may have whose tokens have not expired yet. Logging out once more
 * ends every session of the user instead (a new token version), so the list stays small.
 */
export const MAX_ENDED_SESSIONS = 100;

export interface EndedSession {
  sid: string;
  /** Epoch ms when its last token expires; the entry is dropped after. */
  until: number;
}

export function newSessionId(): string {
  return randomBytes(12).toString('base64url');
}

export function sessionEnded(user: StoredDoc, session: string, now = Date.now()): boolean {
  const ended = (user[ENDED_SESSIONS] as EndedSession[] | undefined) ?? [];
  return ended.some((entry) => entry.sid === session && entry.until > now);
}

/**
 * The list after ending `session` until `until` (epoch ms), without entries that have
 * expired; null when it is full, and every session must end instead.
 */
export function withSessionEnded(
  user: StoredDoc,
  session: string,
  until: number,
  now = Date.now(),
): EndedSession[] | null {
  const live = ((user[ENDED_SESSIONS] as EndedSession[] | undefined) ?? []).filter((entry) => entry.until > now);
  if (live.length >= MAX_ENDED_SESSIONS) return null;
  return [...live, { sid: session, until }];
}
