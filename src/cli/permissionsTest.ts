import { existsSync } from 'node:fs';
import type { AppModel } from '../appModel/AppModel';
import type { Policy } from '../permissions/compilePolicy';
import { uncoveredRules } from '../ruleTools/ruleCoverage';
import { loadRuleTests } from '../ruleTools/ruleTestFiles';
import { formatResults, runRuleTests } from '../ruleTools/runRuleTests';
import type { CommandIo } from './command';

/**
 * `permissions test [--dir DIR]`: runs the cases of `permissions/tests/` through the server's
 * engine and prints each failing case with the rule that decided it. Exit 1 on any failure.
 */
export async function testCommand(
  app: AppModel,
  policy: Policy,
  dir: string,
  { stdout, stderr }: CommandIo,
): Promise<number> {
  if (!existsSync(dir)) {
    stderr.write(`no rule tests: ${dir} does not exist\n`);
    return 1;
  }
  const results = await runRuleTests(app, policy, loadRuleTests(dir));
  stdout.write(`${formatResults(results).join('\n')}\n`);
  const uncovered = uncoveredRules(policy, results);
  if (uncovered.length > 0)
    stdout.write(`no case shows these rules granting anything:\n${uncovered.map((rule) => `  ${rule}`).join('\n')}\n`);
  return results.every((result) => result.passed) ? 0 : 1;
}
