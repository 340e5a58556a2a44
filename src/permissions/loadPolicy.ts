import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppModel } from '../appModel/AppModel';
import { compilePolicy, type Policy, type RulesFile } from './compilePolicy';
import type { DefaultPolicy } from './defaultRules';
import { RulesError } from './RulesError';

/** Reads `permissions/<Type>.json` files (a missing folder means no files) and compiles them. */
export function loadPolicy(app: AppModel, directory: string, defaultPolicy: DefaultPolicy): Policy {
  const files = new Map<string, RulesFile>();
  if (existsSync(directory)) {
    for (const name of readdirSync(directory).sort()) {
      if (!name.endsWith('.json')) continue;
      const file = join(directory, name);
      let content: unknown;
      try {
        content = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        throw new RulesError(file, undefined, `not valid JSON (${(error as Error).message})`);
      }
      files.set(name.slice(0, -'.json'.length), { file, content });
    }
  }
  return compilePolicy(app, files, defaultPolicy);
}
