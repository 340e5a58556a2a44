import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ACCESS_LEVELS } from '../appModel/AppModel';
import { RulesError } from '../permissions/RulesError';

/** The fixtures file of a tests folder; every other `*.json` there is a file of cases. */
export const FIXTURES_FILE = 'fixtures.json';

const Values = z.record(z.string(), z.unknown());

/**
 * A user the cases can act as (`as`) or look at (`object`): its roles by name with the
 * membership's access level, and any other User fields.
 */
const UserFixtureSchema = z.strictObject({
  roles: z.record(z.string().min(1), z.enum(ACCESS_LEVELS)).default({}),
  data: Values.default({}),
});

/**
 * An object of a model. In `data`, a relation field names another fixture: a to-one field
 * one name, a many-to-many field a list of names (each becomes a link).
 */
const ObjectFixtureSchema = z.strictObject({ type: z.string().min(1), data: Values.default({}) });

export const FixturesSchema = z.strictObject({
  users: z.record(z.string().min(1), UserFixtureSchema).default({}),
  objects: z.record(z.string().min(1), ObjectFixtureSchema).default({}),
});
export type Fixtures = z.infer<typeof FixturesSchema>;

/**
 * One case (docs/rule-tests.md): `as` a user fixture (absent or null: anonymous), may `op` be done on
 * `object` of `type`, on `fields`? `object` names a fixture, or for `create` gives the new
 * object's values inline. `changes` (update only) are the values after the update.
 */
export const RuleTestCaseSchema = z.strictObject({
  name: z.string().min(1).optional(),
  as: z.string().min(1).nullable().optional(),
  op: z.enum(['read', 'create', 'update', 'delete']),
  type: z.string().min(1),
  object: z.union([z.string().min(1), Values]).optional(),
  fields: z.array(z.string().min(1)).optional(),
  changes: Values.optional(),
  expect: z.enum(['allow', 'deny']),
});
export type RuleTestCase = z.infer<typeof RuleTestCaseSchema>;

export interface RuleTestFile {
  file: string;
  cases: RuleTestCase[];
}

export interface RuleTestSuite {
  fixturesFile: string;
  fixtures: Fixtures;
  files: RuleTestFile[];
}

/** Reads a tests folder (`permissions/tests/`): its fixtures and its case files, by name. */
export function loadRuleTests(directory: string): RuleTestSuite {
  const fixturesFile = join(directory, FIXTURES_FILE);
  const fixtures = existsSync(fixturesFile)
    ? parse(fixturesFile, FixturesSchema, readJson(fixturesFile))
    : FixturesSchema.parse({});
  const files: RuleTestFile[] = [];
  for (const name of readdirSync(directory).sort()) {
    if (!name.endsWith('.json') || name === FIXTURES_FILE) continue;
    const file = join(directory, name);
    files.push({ file, cases: parse(file, z.array(RuleTestCaseSchema), readJson(file)) });
  }
  return { fixturesFile, fixtures, files };
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new RulesError(file, undefined, `not valid JSON (${(error as Error).message})`);
  }
}

function parse<T>(file: string, schema: z.ZodType<T>, content: unknown): T {
  const result = schema.safeParse(content);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue.path.map(String).join('.');
  throw new RulesError(file, undefined, `${where ? `${where}: ` : ''}${issue.message}`);
}
