import type { MailKind, MailTemplate } from './mailTemplates';

/**
 * The mails Graphkeep sends when the operator gives no templates of their own
 * (docs/accounts.md#mail-templates lists the placeholders).
 */
export const DEFAULT_TEMPLATES: Record<MailKind, MailTemplate> = {
  'password-reset': {
    subject: 'Reset your {{appName}} password',
    text: `Hello {{username}},

Someone asked to reset the password of your {{appName}} account. To choose a new one, open
this link within {{expiresIn}}:

{{link}}

If it was not you, ignore this mail: your password stays as it is.
`,
    html: `<!doctype html>
<html>
  <body style="font-family: sans-serif; line-height: 1.5">
    <p>Hello {{username}},</p>
    <p>Someone asked to reset the password of your {{appName}} account. To choose a new one,
      open this link within {{expiresIn}}:</p>
    <p><a href="{{link}}">Choose a new password</a></p>
    <p>If it was not you, ignore this mail: your password stays as it is.</p>
  </body>
</html>
`,
  },
  'verify-email': {
    subject: 'Confirm your email address for {{appName}}',
    text: `Hello {{username}},

Please confirm that this is your email address for {{appName}} by opening this link within
{{expiresIn}}:

{{link}}

If you did not ask for this, ignore this mail.
`,
    html: `<!doctype html>
<html>
  <body style="font-family: sans-serif; line-height: 1.5">
    <p>Hello {{username}},</p>
    <p>Please confirm that this is your email address for {{appName}} by opening this link
      within {{expiresIn}}:</p>
    <p><a href="{{link}}">Confirm my email address</a></p>
    <p>If you did not ask for this, ignore this mail.</p>
  </body>
</html>
`,
  },
};
