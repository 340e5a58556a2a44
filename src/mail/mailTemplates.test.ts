import { DEFAULT_TEMPLATES } from './defaultTemplates';
import { MAIL_KINDS, PLACEHOLDERS, renderMail, templateFile } from './mailTemplates';
import { isMailableAddress } from './smtpSender';

const values = {
  appName: 'Blog',
  link: 'https://blog.test/reset?token=abc&x=1',
  username: 'ada',
  expiresIn: '30 minutes',
};

describe('renderMail', () => {
  test.each([
    [
      'fills every placeholder, spaces inside the braces allowed',
      { subject: '{{appName}}', text: '{{ link }} {{expiresIn}}', html: '' },
      { subject: 'Blog', text: 'https://blog.test/reset?token=abc&x=1 30 minutes' },
    ],
    [
      'escapes values in HTML only',
      { subject: '', text: '{{link}}', html: '<a href="{{link}}">{{username}}</a>' },
      {
        text: 'https://blog.test/reset?token=abc&x=1',
        html: '<a href="https://blog.test/reset?token=abc&amp;x=1">ada</a>',
      },
    ],
    [
      'keeps the subject to one line',
      { subject: 'Hi\r\n{{username}}\nBcc: x@y', text: '', html: '' },
      { subject: 'Hi ada Bcc: x@y' },
    ],
  ])('%s', (_what, template, expected) => {
    expect(renderMail(template, values)).toMatchObject(expected);
  });

  test('a username with markup is text in the HTML part', () => {
    expect(
      renderMail({ subject: '', text: '', html: '<p>{{username}}</p>' }, { ...values, username: '<img src=x>' }).html,
    ).toBe('<p>&lt;img src=x&gt;</p>');
  });

  test.each(MAIL_KINDS)('the built-in %s template uses only the known placeholders, and carries the link', (kind) => {
    for (const part of ['subject', 'text', 'html'] as const) {
      for (const [, name] of DEFAULT_TEMPLATES[kind][part].matchAll(/\{\{\s*(\w+)\s*\}\}/g))
        expect(PLACEHOLDERS).toContain(name);
    }
    expect(DEFAULT_TEMPLATES[kind].text).toContain('{{link}}');
    expect(DEFAULT_TEMPLATES[kind].html).toContain('href="{{link}}"');
  });

  test('template files are named after the kind and the part', () => {
    expect(['subject', 'text', 'html'].map((part) => templateFile('password-reset', part as 'subject'))).toEqual([
      'password-reset.subject.txt',
      'password-reset.txt',
      'password-reset.html',
    ]);
  });
});

describe('isMailableAddress: one plain address, nothing that could name a second recipient', () => {
  test.each([
    ['ada@blog.test', true],
    ['ada+news@mail.blog.test', true],
    ['ada', false],
    ['ada@blog.test, eve@evil.test', false],
    ['Ada <ada@blog.test>', false],
    ['ada@blog.test\r\nBcc: eve@evil.test', false],
    [`${'a'.repeat(245)}@blog.test`, false],
  ])('%s → %s', (address, expected) => {
    expect(isMailableAddress(address)).toBe(expected);
  });
});
