import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');

/**
 * `node` arguments that run a TypeScript file of the repository in its own process through
 * tsx, as the npm scripts do: `spawn(process.execPath, tsxArguments('src/main.ts'))`.
 */
export function tsxArguments(file: string, args: string[] = []): string[] {
  return [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, file), ...args];
}
