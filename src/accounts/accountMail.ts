import type { Model } from '../appModel/AppModel';
import { EMAIL_FIELD } from '../appModel/builtInSchema';
import { TOKEN_VERSION } from '../auth/userTokens';
import type { Config } from '../config/loadConfig';
import type { Mailer } from '../mail/createMailer';
import type { MailMessage } from '../mail/mailQueue';
import { renderMail, type MailKind } from '../mail/mailTemplates';
import type { Store, StoredDoc } from '../store/Store';
import type { MailThrottle } from './mailThrottle';
import type { OneTimeTokens, TokenPurpose } from './oneTimeTokens';

export interface AccountMailSettings {
  appName: string;
  /** Where each mail's link leads, before `?token=`: an absolute URL. */
  pages: Record<TokenPurpose, string>;
  ttlSeconds: Record<TokenPurpose, number>;
}

/** The settings of docs/accounts.md#settings, from the configuration. */
export function accountMailSettings(config: Config): AccountMailSettings {
  const base = (config.PUBLIC_URL ?? '').replace(/\/+$/, '');
  const absolute = (page: string) => (page.startsWith('/') ? base + page : page);
  return {
    appName: config.APP_NAME ?? (config.PUBLIC_URL ? new URL(config.PUBLIC_URL).host : 'Graphkeep'),
    pages: {
      'password-reset': absolute(config.PASSWORD_RESET_PAGE),
      'verify-email': absolute(config.VERIFY_EMAIL_PAGE),
    },
    ttlSeconds: { 'password-reset': config.PASSWORD_RESET_TTL, 'verify-email': config.VERIFY_EMAIL_TTL },
  };
}

/** `1800` → `30 minutes`: how a mail says how long its link works. */
export function humanDuration(seconds: number): string {
  const [count, unit] =
    seconds % 86400 === 0 && seconds >= 2 * 86400
      ? [seconds / 86400, 'day']
      : seconds % 3600 === 0
        ? [seconds / 3600, 'hour']
        : seconds % 60 === 0
          ? [seconds / 60, 'minute']
          : [seconds, 'second'];
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

export interface AccountMailLog {
  info(fields: object, message: string): void;
}

/**
 * The mails of the account flows, each composed off the request path by the mail queue: the
 * account is looked up, the token made and stored, the template filled in there, so the
 * request that asked for it does the same work whoever the address belongs to.
 */
export class AccountMail {
  constructor(
    private readonly store: Store,
    private readonly userModel: Model,
    private readonly mailer: Mailer,
    private readonly tokens: OneTimeTokens,
    private readonly throttle: MailThrottle,
    private readonly settings: AccountMailSettings,
    private readonly log: AccountMailLog,
  ) {}

  /** A reset link for the account with this address, if one has it; false when the queue is full. */
  queuePasswordReset(email: string): boolean {
    return this.mailer.enqueue({
      kind: 'password-reset',
      compose: async () => {
        // Two accounts with one address (a field without @unique): neither is the one meant.
        const found = await this.store.find(this.userModel.collection, {
          filter: { [EMAIL_FIELD]: { $eq: email.trim() } },
          sort: [],
          limit: 2,
        });
        return found.length === 1 ? this.compose('password-reset', found[0]) : null;
      },
    });
  }

  /** A verification link to the user's address as it is then; false when the queue is full. */
  queueVerification(user: StoredDoc): boolean {
    return this.mailer.enqueue({ kind: 'verify-email', compose: () => this.composeVerification(user._id) });
  }

  /**
   * After a sign-up or an email change: a verification mail, unless the throttle says that
   * address or client has had enough (then the user asks again with requestEmailVerification).
   */
  queueVerificationAfterChange(user: StoredDoc, client: string): void {
    const queued = this.mailer.enqueue({
      kind: 'verify-email',
      compose: async () => {
        if ((await this.throttle.reserve(String(user[EMAIL_FIELD]), client)) > 0) {
          this.log.info({ userId: user._id }, 'verification mail throttled; the user may ask again later');
          return null;
        }
        return this.composeVerification(user._id);
      },
    });
    if (!queued) this.log.info({ userId: user._id }, 'mail queue full: no verification mail after this change');
  }

  private async composeVerification(userId: string): Promise<MailMessage | null> {
    const [user] = await this.store.findByIds(this.userModel.collection, [userId]);
    return user ? this.compose('verify-email', user) : null;
  }

  private async compose(purpose: TokenPurpose, user: StoredDoc): Promise<MailMessage | null> {
    const email = user[EMAIL_FIELD];
    if (typeof email !== 'string' || email === '') return null;
    const ttl = this.settings.ttlSeconds[purpose];
    const token = await this.tokens.issue(
      purpose,
      user,
      email,
      (user[TOKEN_VERSION] as string | undefined) ?? null,
      ttl,
    );
    const link = new URL(this.settings.pages[purpose]);
    link.searchParams.set('token', token);
    const kind: MailKind = purpose;
    const rendered = renderMail(this.mailer.templates[kind], {
      appName: this.settings.appName,
      link: link.toString(),
      username: String(user.username ?? ''),
      expiresIn: humanDuration(ttl),
    });
    return { to: email, ...rendered };
  }
}
