import { EMAIL_FIELD, EMAIL_VERIFIED_FIELD } from '../appModel/builtInSchema';
import { userError } from '../errors';
import { decodeGlobalId } from '../resolvers/globalIds';
import { tagModel } from '../resolvers/modelOf';
import type { RequestContext } from '../resolvers/RequestContext';
import type { StoredDoc } from '../store/Store';
import { invalidLink, QUEUE_FULL_RETRY_SECONDS, requireMail, tooManyMails } from './mailFlowErrors';
import type { MailFlowDeps } from './passwordReset';

/**
 * `verifyEmail`: the mailed token, once, marks the address it was sent to as verified, if it is
 * still the user's address. Anyone holding the link may use it: holding it is the proof.
 */
export async function verifyEmail(deps: MailFlowDeps, context: RequestContext, token: string): Promise<StoredDoc> {
  const { userModel } = deps;
  requireMail(deps.mail, userModel);
  const user = await context.store.transaction(async (tx) => {
    const mailed = await deps.tokens.consume(tx, 'verify-email', token);
    const [found] = mailed ? await tx.findByIds(userModel.collection, [mailed.user]) : [];
    if (!mailed || !found || found[EMAIL_FIELD] !== mailed.email) throw invalidLink();
    const set = { [EMAIL_VERIFIED_FIELD]: true, modifiedAt: new Date().toISOString() };
    await tx.update(userModel.collection, found._id, { set });
    return tagModel({ ...found, ...set }, userModel.name);
  });
  context.loaders.visibleById(userModel).clear(user._id);
  return user;
}

/**
 * `requestEmailVerification`: another verification mail, to the viewer's own address, or, for
 * an admin, to the user named. Throttled as a reset is.
 */
export async function requestEmailVerification(
  deps: MailFlowDeps,
  context: RequestContext,
  userId: string | undefined,
): Promise<void> {
  const { userModel } = deps;
  const mail = requireMail(deps.mail, userModel);
  const viewer = context.viewer;
  const id = userId ? decodeGlobalId(userId, [userModel.name]).id : viewer.kind === 'user' ? viewer.id : undefined;
  if (id === undefined) {
    throw viewer.kind === 'anonymous'
      ? userError('UNAUTHENTICATED', 'sign in first, or as an admin name the user (userId)')
      : userError('BAD_USER_INPUT', 'name the user (userId)', { field: 'userId' });
  }
  if (!(viewer.kind === 'user' && viewer.id === id) && !context.access.bypass)
    throw userError('FORBIDDEN', 'only the user themself or an admin may ask for this mail');
  const [user] = await context.store.findByIds(userModel.collection, [id]);
  if (!user) throw userError('NOT_FOUND', `no User with id ${userId}`);
  const email = user[EMAIL_FIELD];
  if (typeof email !== 'string' || email === '')
    throw userError('BAD_USER_INPUT', 'this user has no email address to verify', { field: EMAIL_FIELD });
  if (user[EMAIL_VERIFIED_FIELD] === true)
    throw userError('BAD_USER_INPUT', 'this email address is verified already', { field: EMAIL_FIELD });
  const wait = await deps.throttle.reserve(email, context.clientAddress);
  if (wait > 0) throw tooManyMails(wait);
  if (!mail.queueVerification(user))
    throw tooManyMails(QUEUE_FULL_RETRY_SECONDS, 'too many mails are waiting to go out');
}

/** After a sign-up or an email change: a verification mail when mail is on and there is an address. */
export function mailVerificationAfterChange(deps: MailFlowDeps, context: RequestContext, user: StoredDoc): void {
  const email = user[EMAIL_FIELD];
  if (!deps.mail || !deps.userModel.fields.has(EMAIL_VERIFIED_FIELD) || typeof email !== 'string' || email === '')
    return;
  deps.mail.queueVerificationAfterChange(user, context.clientAddress);
}
