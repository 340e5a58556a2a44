import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The worked examples of docs/permissions.md: their schema and their rules files. */
export function permissionsDocExamples(): { schema: string; rules: Record<string, unknown> } {
  const page = readFileSync(join(__dirname, '..', '..', 'docs', 'permissions.md'), 'utf8');
  const schema = [...page.matchAll(/```graphql\n([\s\S]*?)```/g)]
    .map((match) => match[1])
    .filter((block) => /@model|extend type/.test(block))
    .join('\n');
  const rules: Record<string, unknown> = {};
  for (const [, type, json] of page.matchAll(/`permissions\/(\w+)\.json`:\n\n```json\n([\s\S]*?)```/g))
    rules[type] = JSON.parse(json);
  return { schema, rules };
}
