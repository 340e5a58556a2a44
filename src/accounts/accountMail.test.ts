import { loadConfig } from '../config/loadConfig';
import { accountMailSettings, humanDuration } from './accountMail';

describe('humanDuration: how a mail says how long its link works', () => {
  test.each([
    [45, '45 seconds'],
    [60, '1 minute'],
    [1800, '30 minutes'],
    [3600, '1 hour'],
    [86400, '24 hours'],
    [3 * 86400, '3 days'],
    [90 * 60, '90 minutes'],
  ])('%i s → %s', (seconds, text) => {
    expect(humanDuration(seconds)).toBe(text);
  });
});

describe('accountMailSettings', () => {
  const mail = { SMTP_URL: 'smtp://mail.test', MAIL_FROM: 'a@b.test' };

  test.each([
    [{ PUBLIC_URL: 'https://blog.test' }, 'https://blog.test/reset-password', 'blog.test'],
    [{ PUBLIC_URL: 'https://blog.test/app/', APP_NAME: 'Blog' }, 'https://blog.test/app/reset-password', 'Blog'],
    [
      { PUBLIC_URL: 'https://api.test', PASSWORD_RESET_PAGE: 'https://app.test/#/reset' },
      'https://app.test/#/reset',
      'api.test',
    ],
  ])('%o → links to %s, signed %s', (env, page, appName) => {
    const settings = accountMailSettings(loadConfig({ ...mail, ...env }));
    expect(settings.pages['password-reset']).toBe(page);
    expect(settings.appName).toBe(appName);
  });
});
