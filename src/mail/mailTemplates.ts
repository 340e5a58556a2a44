import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../config/loadConfig';
import { DEFAULT_TEMPLATES } from './defaultTemplates';

export const MAIL_KINDS = ['password-reset', 'verify-email'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** What a template may say: `{{appName}}`, `{{link}}`, `{{username}}`, `{{expiresIn}}`. */
export const PLACEHOLDERS = ['appName', 'link', 'username', 'expiresIn'] as const;
export type MailValues = Record<(typeof PLACEHOLDERS)[number], string>;

export interface MailTemplate {
  subject: string;
  text: string;
  html: string;
}

/** The file of each part in `MAIL_TEMPLATES_DIR`: `password-reset.subject.txt`, `password-reset.txt`, `password-reset.html`. */
export function templateFile(kind: MailKind, part: keyof MailTemplate): string {
  return part === 'subject' ? `${kind}.subject.txt` : part === 'text' ? `${kind}.txt` : `${kind}.html`;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/**
 * The templates of every mail: the operator's files in `directory` where present, the
 * built-in ones elsewhere. A placeholder a template may not use stops the start naming the
 * file, so a typo is found before the first mail goes out.
 */
export function loadMailTemplates(directory: string | undefined): Record<MailKind, MailTemplate> {
  if (directory) assertOnlyTemplates(directory);
  const templates = {} as Record<MailKind, MailTemplate>;
  for (const kind of MAIL_KINDS) {
    const template = { ...DEFAULT_TEMPLATES[kind] };
    for (const part of ['subject', 'text', 'html'] as const) {
      const file = directory ? join(directory, templateFile(kind, part)) : undefined;
      if (!file || !existsSync(file)) continue;
      template[part] = readFileSync(file, 'utf8');
      for (const [, name] of template[part].matchAll(PLACEHOLDER)) {
        if (!(PLACEHOLDERS as readonly string[]).includes(name))
          throw new ConfigError(
            `MAIL_TEMPLATES_DIR: ${file} uses {{${name}}}; a template may use ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
          );
      }
    }
    templates[kind] = template;
  }
  return templates;
}

/**
 * The folder exists and every template-like file in it is one we read: a misspelt name would
 * otherwise leave the built-in mail in place without a word.
 */
function assertOnlyTemplates(directory: string): void {
  if (!existsSync(directory) || !statSync(directory).isDirectory())
    throw new ConfigError(`MAIL_TEMPLATES_DIR: ${directory} is not a folder`);
  const known = new Set(
    MAIL_KINDS.flatMap((kind) => (['subject', 'text', 'html'] as const).map((part) => templateFile(kind, part))),
  );
  for (const name of readdirSync(directory)) {
    if (/\.(txt|html)$/.test(name) && !known.has(name))
      throw new ConfigError(`MAIL_TEMPLATES_DIR: ${name} is not a template; the files are ${[...known].join(', ')}`);
  }
}

/**
 * Fills a template in. Values are escaped in the HTML part; the subject is one line, since a
 * line break in a header would start another header.
 */
export function renderMail(template: MailTemplate, values: MailValues): MailTemplate {
  const fill = (text: string, escape: (value: string) => string) =>
    text.replace(PLACEHOLDER, (_whole, name: keyof MailValues) => escape(values[name] ?? ''));
  return {
    subject: fill(template.subject, (value) => value)
      .replace(/[\r\n]+/g, ' ')
      .trim(),
    text: fill(template.text, (value) => value),
    html: fill(template.html, escapeHtml),
  };
}

function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  );
}
