import type { Model } from '../appModel/AppModel';
import { EMAIL_FIELD, EMAIL_VERIFIED_FIELD } from '../appModel/builtInSchema';
import { userError } from '../errors';
import { assertValidNewPassword } from '../auth/passwords';
import type { IssuedTokens, SessionTokens } from '../auth/sessionTokens';
import { ENDED_SESSIONS } from '../auth/sessions';
import { newPasswordFields, TOKEN_VERSION } from '../auth/userTokens';
import { isMailableAddress, MAX_EMAIL_LENGTH } from '../mail/smtpSender';
import { tagModel } from '../resolvers/modelOf';
import type { RequestContext } from '../resolvers/RequestContext';
import type { StoredDoc } from '../store/Store';
import type { AccountMail } from './accountMail';
import { claimPasswordWork } from './accounts';
import { invalidLink, QUEUE_FULL_RETRY_SECONDS, requireMail, tooManyMails } from './mailFlowErrors';
import type { MailThrottle } from './mailThrottle';
import type { OneTimeTokens } from './oneTimeTokens';

export interface MailFlowDeps {
  userModel: Model;
  /** Undefined when mail is off (no `SMTP_URL`). */
  mail: AccountMail | undefined;
  throttle: MailThrottle;
  tokens: OneTimeTokens;
  sessions: SessionTokens;
}

/** Refuses what is not one email address, from the input alone (so the answer tells nothing more). */
export function assertEmailAddress(email: string): void {
  if (!isMailableAddress(email.trim()))
    throw userError('BAD_USER_INPUT', `email must be one email address of at most ${MAX_EMAIL_LENGTH} characters`, {
      field: 'email',
      limit: MAX_EMAIL_LENGTH,
    });
}

/**
 * `requestPasswordReset`: the same answer, after the same work, whether or not the address
 * names an account: the throttle counts the address either way, and finding the account,
 * making its token and sending happen later, in the mail queue.
 */
export async function requestPasswordReset(deps: MailFlowDeps, context: RequestContext, email: string): Promise<void> {
  const mail = requireMail(deps.mail, deps.userModel);
  assertEmailAddress(email);
  const wait = await deps.throttle.reserve(email, context.clientAddress);
  if (wait > 0) throw tooManyMails(wait);
  if (!mail.queuePasswordReset(email))
    throw tooManyMails(QUEUE_FULL_RETRY_SECONDS, 'too many mails are waiting to go out');
}

/**
 * `resetPassword`: the mailed token, once, sets the password. Like a password change it stores a
 * new token version, which ends every earlier token and open subscription of the user; the
 * caller gets a fresh session. The token proves the address it was mailed to, so the email is
 * verified too. Token, password and verification change in one transaction.
 */
export async function resetPassword(
  deps: MailFlowDeps,
  context: RequestContext,
  input: { token: string; newPassword: string },
): Promise<{ user: StoredDoc } & IssuedTokens> {
  const { userModel } = deps;
  requireMail(deps.mail, userModel);
  assertValidNewPassword(input.newPassword, 'newPassword');
  claimPasswordWork(context);
  const password = await newPasswordFields(input.newPassword);
  const user = await context.store.transaction(async (tx) => {
    const token = await deps.tokens.consume(tx, 'password-reset', input.token);
    const [found] = token ? await tx.findByIds(userModel.collection, [token.user]) : [];
    if (
      !token ||
      !found ||
      found[EMAIL_FIELD] !== token.email ||
      ((found[TOKEN_VERSION] as string | undefined) ?? null) !== token.tokenVersion
    )
      throw invalidLink();
    const set = { ...password, [EMAIL_VERIFIED_FIELD]: true, modifiedAt: new Date().toISOString() };
    await tx.update(userModel.collection, found._id, { set, unset: [ENDED_SESSIONS] });
    const changed: StoredDoc = { ...found, ...set };
    delete changed[ENDED_SESSIONS];
    return tagModel(changed, userModel.name);
  });
  context.loaders.visibleById(userModel).clear(user._id);
  return { user, ...(await deps.sessions.start(user)) };
}
