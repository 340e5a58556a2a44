import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppModel, Model } from '../appModel/AppModel';
import type { Viewer } from '../Viewer';
import { openSqliteStore } from '../store/sqlite/SqliteStore';
import type { Store, StoredDoc } from '../store/Store';
import type { Policy } from '../permissions/compilePolicy';
import { createAccess } from '../permissions/createAccess';
import { describeVerdict } from './describeVerdict';
import { judge, type Question, type Verdict } from '../permissions/judge';
import { loadMemberships } from '../permissions/Membership';
import { fixtureValues, storeFixtures, type StoredFixtures } from './ruleFixtures';
import type { RuleTestCase, RuleTestSuite } from './ruleTestFiles';
import { RulesError } from '../permissions/RulesError';
import { storeSpecs } from '../permissions/ruleIndexes';

export interface CaseResult {
  file: string;
  index: number;
  case: RuleTestCase;
  /** The case's `name`, or one made from what it asks. */
  name: string;
  expected: 'allow' | 'deny';
  actual: 'allow' | 'deny';
  passed: boolean;
  question: Question;
  verdict: Verdict;
  /** The decision in words, naming the deciding rule(s) per field. */
  explanation: string[];
}

/**
 * Runs every case of a tests folder through the server's own engine (`createAccess` behind
 * `judge`), with no server: the fixtures go into a fresh embedded store in a temporary
 * folder, through the store port, and each case asks `Access` exactly what the API would.
 */
export async function runRuleTests(app: AppModel, policy: Policy, suite: RuleTestSuite): Promise<CaseResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'graphkeep-rule-tests-'));
  const store = openSqliteStore(join(dir, 'rule-tests.sqlite'));
  try {
    await store.ensureCollections(storeSpecs(app, policy));
    const named = await storeFixtures(app, store, suite.fixtures, suite.fixturesFile);
    const results: CaseResult[] = [];
    for (const { file, cases } of suite.files) {
      for (const [index, testCase] of cases.entries()) {
        results.push(await runCase(app, policy, store, named, testCase, { file, index }));
      }
    }
    return results;
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runCase(
  app: AppModel,
  policy: Policy,
  store: Store,
  named: StoredFixtures,
  testCase: RuleTestCase,
  where: { file: string; index: number },
): Promise<CaseResult> {
  const fail = (reason: string): never => {
    throw new RulesError(where.file, undefined, `case ${where.index}: ${reason}`);
  };
  const model =
    app.models.get(testCase.type) ?? app.links.get(testCase.type) ?? fail(`there is no type named ${testCase.type}`);
  let viewer: Viewer = { kind: 'anonymous' };
  if (testCase.as) {
    const user = named.get(testCase.as);
    if (!user || user.model.name !== 'User') fail(`"as": ${testCase.as} is not a user fixture`);
    viewer = { kind: 'user', id: user!.doc._id, user: user!.doc };
  }
  const memberships = viewer.kind === 'user' ? await loadMemberships(app, store, viewer.id) : [];
  const access = createAccess({ app, policy, store, viewer, memberships });
  const question = app.links.has(model.name)
    ? await linkQuestion(app, store, model, named, testCase, fail)
    : questionOf(app, model, named, testCase, fail);
  const verdict = await judge(access, store, question);
  const actual = verdict.allowed ? 'allow' : 'deny';
  const who = testCase.as ?? 'an anonymous client';
  const target = typeof testCase.object === 'string' ? ` ${testCase.object}` : '';
  const fields = question.fields.length ? ` [${question.fields.join(', ')}]` : '';
  return {
    ...where,
    case: testCase,
    name: testCase.name ?? `${who} ${testCase.op} ${model.name}${target}${fields}`,
    expected: testCase.expect,
    actual,
    passed: actual === testCase.expect,
    question,
    verdict,
    explanation: describeVerdict(question, verdict, who, policy.types.get(model.name)!.source),
  };
}

/** A case as the API would see it: the object, the fields of the input, the object after. */
function questionOf(
  app: AppModel,
  model: Model,
  named: StoredFixtures,
  testCase: RuleTestCase,
  fail: (reason: string) => never,
): Question {
  const values = (data: Record<string, unknown>, id: string) => {
    const resolved = fixtureValues(app, model, id, data, named, '', fail);
    if (resolved.links.length > 0)
      fail('many-to-many fields are set by link mutations, not by a create or update input');
    return resolved.stored;
  };
  let object: StoredDoc;
  let inputFields: string[] = [];
  if (typeof testCase.object === 'string') {
    const found = named.get(testCase.object);
    if (!found || found.model.name !== model.name) fail(`"object": ${testCase.object} is not a ${model.name} fixture`);
    object = found!.doc;
  } else if (testCase.op === 'create') {
    object = { _id: 'new', ...values(testCase.object ?? {}, 'new') };
    inputFields = Object.keys(testCase.object ?? {});
  } else {
    return fail(`a ${testCase.op} case needs "object": the name of a ${model.name} fixture`);
  }
  if (testCase.changes && testCase.op !== 'update') fail('"changes" belongs to update cases');
  let after: StoredDoc | undefined;
  if (testCase.changes) {
    after = { ...object, ...values(testCase.changes, object._id) };
    for (const [field, value] of Object.entries(testCase.changes)) if (value === null) delete after[field];
    inputFields = Object.keys(testCase.changes);
  }
  const fields = testCase.op === 'delete' ? [] : (testCase.fields ?? inputFields);
  return { operation: testCase.op, model, fields, object, after };
}

/**
 * A case on a many-to-many link type (`UserRoles`): links have no fixture names, so `object`
 * gives both ends by name and the stored link between them is the object.
 */
async function linkQuestion(
  app: AppModel,
  store: Store,
  model: Model,
  named: StoredFixtures,
  testCase: RuleTestCase,
  fail: (reason: string) => never,
): Promise<Question> {
  if (testCase.op !== 'read' && testCase.op !== 'delete')
    fail(`links are changed by link mutations: a ${model.name} case reads`);
  if (!testCase.object || typeof testCase.object === 'string')
    return fail(`a ${model.name} case gives "object" as both ends by fixture name`);
  const ends = fixtureValues(app, model, '', testCase.object, named, '', fail).stored;
  const filter = Object.fromEntries(Object.entries(ends).map(([key, id]) => [key, { $eq: id as string }]));
  const [object] = await store.find(model.collection, { filter, sort: [], limit: 1 });
  if (!object) fail(`no ${model.name} link joins ${JSON.stringify(testCase.object)} in the fixtures`);
  return { operation: testCase.op, model, fields: testCase.op === 'read' ? (testCase.fields ?? []) : [], object };
}

/** The report `permissions test` prints: every failing case with its explanation, then a count. */
export function formatResults(results: CaseResult[]): string[] {
  const lines: string[] = [];
  for (const result of results.filter((r) => !r.passed)) {
    lines.push(
      `FAIL ${result.file} case ${result.index} "${result.name}": expected ${result.expected}, got ${result.actual}`,
    );
    lines.push(...result.explanation.map((line) => `  ${line}`));
  }
  const failed = results.filter((r) => !r.passed).length;
  lines.push(`${results.length} cases, ${results.length - failed} passed, ${failed} failed`);
  return lines;
}
