import type { Model } from '../appModel/AppModel';
import { EMAIL_VERIFIED_FIELD } from '../appModel/builtInSchema';
import { userError } from '../errors';

/** The settings that turn account mail on (docs/accounts.md#settings). */
const MAIL_SETTINGS = ['SMTP_URL', 'MAIL_FROM', 'PUBLIC_URL'];

/** Account mail is off: no SMTP server configured, or no User.email to send to. */
export function mailOff(reason: 'no smtp' | 'no email field') {
  return reason === 'no smtp'
    ? userError('FEATURE_DISABLED', `mail is not configured on this server (${MAIL_SETTINGS.join(', ')})`, {
        settings: MAIL_SETTINGS,
      })
    : userError('FEATURE_DISABLED', 'User has no email field (extend type User { email: String @unique })', {
        settings: ['schema.graphql'],
      });
}

/** One answer for every token that does not work, so a link reveals nothing about the others. */
export function invalidLink() {
  return userError(
    'BAD_USER_INPUT',
    'this link is not valid: it was used already, it has expired, or a later change replaced it',
    { field: 'token' },
  );
}

export function tooManyMails(retryAfterSeconds: number, why = 'too many mails asked for') {
  return userError('TOO_MANY_REQUESTS', `${why}; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
}

/** How long to wait when the mail queue is full: long enough for it to drain some. */
export const QUEUE_FULL_RETRY_SECONDS = 60;

/** The account mail, or FEATURE_DISABLED saying what is missing. */
export function requireMail<Mail>(mail: Mail | undefined, userModel: Model): Mail {
  if (!mail) throw mailOff('no smtp');
  // User has emailVerified exactly when it has an email String field.
  if (!userModel.fields.has(EMAIL_VERIFIED_FIELD)) throw mailOff('no email field');
  return mail;
}
