import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppModel } from '../appModel/AppModel';
import type { Policy } from '../permissions/compilePolicy';
import { formatWarnings, lintRules } from '../ruleTools/lintRules';
import type { CommandIo } from './command';

/**
 * `permissions lint [--strict] [--secret-fields a,b]`: prints each warning with its file, rule
 * and fix. Warnings alone exit 0; `--strict` makes any warning exit 1, for CI.
 */
export function lintCommand(
  app: AppModel,
  policy: Policy,
  options: { strict: boolean; secretFields: string[]; seedsDir: string; rulesDir: string },
  { stdout }: CommandIo,
): number {
  const warnings = lintRules({
    app,
    policy,
    seededRoles: seededRoles(options.seedsDir),
    secretFields: options.secretFields,
    rulesDir: options.rulesDir,
  });
  if (warnings.length === 0) {
    stdout.write('no warnings\n');
    return 0;
  }
  stdout.write(`${formatWarnings(warnings).join('\n')}\n`);
  stdout.write(`${warnings.length} warning${warnings.length > 1 ? 's' : ''}\n`);
  return options.strict ? 1 : 0;
}

/** Role names the seed files create: `Role` items by name, and the roles `UserRoles` items join. */
export function seededRoles(dir: string): Set<string> {
  const roles = new Set<string>();
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch {
    return roles;
  }
  for (const name of names) {
    const seed = JSON.parse(readFileSync(join(dir, name), 'utf8')) as {
      type?: string;
      items?: Record<string, unknown>[];
    };
    for (const item of seed.items ?? []) {
      if (seed.type === 'Role' && typeof item.name === 'string') roles.add(item.name);
      const role = item.role as { name?: unknown } | undefined;
      if (seed.type === 'UserRoles' && typeof role?.name === 'string') roles.add(role.name);
    }
  }
  return roles;
}
