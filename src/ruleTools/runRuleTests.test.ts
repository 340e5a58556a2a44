import { loadAppModel } from '../appModel/loadAppModel';
import { compilePolicy, type RulesFile } from '../permissions/compilePolicy';
import { uncoveredRules } from './ruleCoverage';
import { FixturesSchema, RuleTestCaseSchema, type RuleTestSuite } from './ruleTestFiles';
import { formatResults, runRuleTests } from './runRuleTests';

/** The executives example of docs/rule-tests.md: budgets are for executives and the report's owner. */
const app = loadAppModel(`
  type Report @model {
    title: String!
    budget: Int
    owner: User @relation(name: "ReportOwner")
  }
  extend type User { reports: [Report!]! @relation(name: "ReportOwner") }
`);
const rules = new Map<string, RulesFile>([
  [
    'Report',
    {
      file: 'permissions/Report.json',
      content: [
        { scope: 'EVERYONE', read: true, fields: ['title'] },
        { scope: 'ROLE', roles: ['Executives'], read: true, create: true, update: true, delete: true },
        { scope: 'RELATION', userFields: ['owner'], read: true, update: true, fields: ['title', 'budget', 'owner'] },
      ],
    },
  ],
]);
const policy = compilePolicy(app, rules, 'open');

const fixtures = FixturesSchema.parse({
  users: {
    vera: { roles: { Executives: 'readwrite' } },
    rory: { roles: { Executives: 'readonly' } },
    olga: {},
    pat: {},
  },
  objects: { q3: { type: 'Report', data: { title: 'Q3', budget: 120000, owner: 'olga' } } },
});

function suite(cases: unknown[]): RuleTestSuite {
  return {
    fixturesFile: 'permissions/tests/fixtures.json',
    fixtures,
    files: [{ file: 'permissions/tests/reports.json', cases: cases.map((c) => RuleTestCaseSchema.parse(c)) }],
  };
}

const passing = [
  { name: 'anyone reads the title', op: 'read', type: 'Report', object: 'q3', fields: ['title'], expect: 'allow' },
  {
    name: 'a stranger does not see the budget',
    as: 'pat',
    op: 'read',
    type: 'Report',
    object: 'q3',
    fields: ['budget'],
    expect: 'deny',
  },
  {
    name: 'executives see the budget',
    as: 'vera',
    op: 'read',
    type: 'Report',
    object: 'q3',
    fields: ['budget'],
    expect: 'allow',
  },
  {
    name: 'readonly executives only read',
    as: 'rory',
    op: 'update',
    type: 'Report',
    object: 'q3',
    fields: ['budget'],
    expect: 'deny',
  },
  {
    name: 'the owner edits the budget',
    as: 'olga',
    op: 'update',
    type: 'Report',
    object: 'q3',
    fields: ['budget'],
    expect: 'allow',
  },
  {
    name: 'the owner cannot give the report away',
    as: 'olga',
    op: 'update',
    type: 'Report',
    object: 'q3',
    changes: { owner: 'pat' },
    expect: 'deny',
  },
  {
    name: 'executives create reports',
    as: 'vera',
    op: 'create',
    type: 'Report',
    object: { title: 'Q4', owner: 'pat' },
    expect: 'allow',
  },
  { name: 'the owner cannot delete', as: 'olga', op: 'delete', type: 'Report', object: 'q3', expect: 'deny' },
];

describe('permissions test: cases judged by the server engine, with no server', () => {
  test('a case file that states the rules passes, and every rule is exercised', async () => {
    const results = await runRuleTests(app, policy, suite(passing));
    expect(results.map((r) => [r.name, r.actual])).toEqual(passing.map((c) => [c.name, c.expect]));
    expect(formatResults(results).at(-1)).toBe('8 cases, 8 passed, 0 failed');
    expect(uncoveredRules(policy, results)).toEqual([]);
  });

  test('a failing case prints what was expected and the rule that decided it', async () => {
    const results = await runRuleTests(
      app,
      policy,
      suite([
        {
          name: 'strangers see budgets',
          as: 'pat',
          op: 'read',
          type: 'Report',
          object: 'q3',
          fields: ['budget'],
          expect: 'allow',
        },
        {
          name: 'executives may not touch budgets',
          as: 'vera',
          op: 'update',
          type: 'Report',
          object: 'q3',
          fields: ['budget'],
          expect: 'deny',
        },
        { name: 'the owner may delete', as: 'olga', op: 'delete', type: 'Report', object: 'q3', expect: 'allow' },
      ]),
    );
    const output = formatResults(results).join('\n');
    expect(output).toContain(
      'FAIL permissions/tests/reports.json case 0 "strangers see budgets": expected allow, got deny',
    );
    expect(output).toContain(
      'Report.budget: DENIED, rule 0 (EVERYONE) covers other fields only; rule 2 (RELATION via owner) does not hold for this object',
    );
    expect(output).toContain(
      'FAIL permissions/tests/reports.json case 1 "executives may not touch budgets": expected deny, got allow',
    );
    expect(output).toContain('Report.budget: granted by rule 1 (ROLE Executives)');
    expect(output).toContain(
      'delete on the Report: DENIED (no rule in permissions/Report.json grants delete on Report to olga)',
    );
    expect(output).toMatch(/3 cases, 0 passed, 3 failed$/);
    expect(uncoveredRules(policy, results)).toEqual([
      'permissions/Report.json rule 0 (EVERYONE)',
      'permissions/Report.json rule 2 (RELATION via owner)',
    ]);
  });

  test.each([
    [
      'an unknown user',
      { as: 'zed', op: 'read', type: 'Report', object: 'q3', expect: 'allow' },
      'case 0: "as": zed is not a user fixture',
    ],
    [
      'an unknown object',
      { op: 'read', type: 'Report', object: 'q9', expect: 'allow' },
      'case 0: "object": q9 is not a Report fixture',
    ],
    [
      'an unknown type',
      { op: 'read', type: 'Memo', object: 'q3', expect: 'allow' },
      'case 0: there is no type named Memo',
    ],
    ['a read without an object', { op: 'read', type: 'Report', expect: 'allow' }, 'case 0: a read case needs "object"'],
    [
      'changes outside an update',
      { as: 'olga', op: 'read', type: 'Report', object: 'q3', changes: { title: 'x' }, expect: 'allow' },
      'case 0: "changes" belongs to update cases',
    ],
  ])('a case naming %s is an error naming the file and case', async (_what, bad, message) => {
    await expect(runRuleTests(app, policy, suite([bad]))).rejects.toThrow(`permissions/tests/reports.json: ${message}`);
  });
});

describe('permissions test: a rule for verified users only', () => {
  const memos = loadAppModel(`
    type Memo @model { text: String }
    extend type User { email: String @unique }
  `);
  const memoPolicy = compilePolicy(
    memos,
    new Map([
      ['Memo', { file: 'permissions/Memo.json', content: [{ scope: 'AUTHENTICATED', create: true, verified: true }] }],
    ]),
    'open',
  );
  const verifiedSuite: RuleTestSuite = {
    fixturesFile: 'permissions/tests/fixtures.json',
    fixtures: FixturesSchema.parse({
      users: {
        vera: { data: { email: 'vera@example.org', emailVerified: true } },
        una: { data: { email: 'una@example.org' } },
      },
    }),
    files: [
      {
        file: 'permissions/tests/memos.json',
        cases: [
          { as: 'vera', op: 'create', type: 'Memo', object: { text: 'hi' }, expect: 'allow' },
          { as: 'una', op: 'create', type: 'Memo', object: { text: 'hi' }, expect: 'deny' },
        ].map((c) => RuleTestCaseSchema.parse(c)),
      },
    ],
  };

  test('user fixtures say whether their email is verified', async () => {
    const results = await runRuleTests(memos, memoPolicy, verifiedSuite);
    expect(results.map((r) => r.actual)).toEqual(['allow', 'deny']);
    expect(formatResults(results).at(-1)).toBe('2 cases, 2 passed, 0 failed');
  });
});
