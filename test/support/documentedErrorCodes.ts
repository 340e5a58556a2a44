import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './tsx';

/** The `extensions.code` values docs/errors.md lists: the only ones a client may ever see. */
export function documentedErrorCodes(): string[] {
  const text = readFileSync(join(ROOT, 'docs', 'errors.md'), 'utf8');
  return [...text.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]);
}
