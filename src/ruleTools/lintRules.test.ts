import { readFileSync } from 'node:fs';
import { loadAppModel } from '../appModel/loadAppModel';
import type { AppModel } from '../appModel/AppModel';
import { compilePolicy, type RulesFile } from '../permissions/compilePolicy';
import { formatWarnings, lintRules, type LintKind } from './lintRules';
import { loadPolicy } from '../permissions/loadPolicy';
import { MAX_INDEXES_PER_COLLECTION } from '../permissions/ruleIndexes';

const app = loadAppModel(`
  type Note @model {
    title: String
    apiToken: String
    ssn: String
    author: User @relation(name: "NoteAuthor")
    project: Project @relation(name: "ProjectNotes")
    readers: [User!]! @relation(name: "NoteReaders")
  }
  type Project @model { name: String  owner: User @relation(name: "ProjectOwner")  notes: [Note!]! @relation(name: "ProjectNotes") }
  extend type User {
    notes: [Note!]! @relation(name: "NoteAuthor")
    projects: [Project!]! @relation(name: "ProjectOwner")
    reading: [Note!]! @relation(name: "NoteReaders")
  }
`);

/** User with an email, so rules may ask for a verified one. */
const withEmail = loadAppModel(`
  type Note @model { title: String }
  extend type User { email: String @unique }
`);

/** More to-one User relations on one type than MongoDB can index: the last ones get none. */
const crowded = loadAppModel(`
  type Crowd @model { ${Array.from({ length: MAX_INDEXES_PER_COLLECTION }, (_, i) => `u${i}: User @relation(name: "C${i}")`).join('\n')} }
  extend type User { ${Array.from({ length: MAX_INDEXES_PER_COLLECTION }, (_, i) => `c${i}: [Crowd!]! @relation(name: "C${i}")`).join('\n')} }
`);

function lint(files: Record<string, unknown[]>, options: { app?: AppModel; secretFields?: string[] } = {}) {
  const target = options.app ?? app;
  const map = new Map<string, RulesFile>(
    Object.entries(files).map(([type, content]) => [type, { file: `permissions/${type}.json`, content }]),
  );
  return lintRules({
    app: target,
    policy: compilePolicy(target, map, 'open'),
    seededRoles: new Set(['Editors']),
    secretFields: options.secretFields,
  });
}

const last = MAX_INDEXES_PER_COLLECTION - 1;

describe('permissions lint: each warning, from a rules file that triggers it and one that does not', () => {
  test.each<[LintKind, string, Record<string, unknown[]>, { secretFields?: string[]; app?: AppModel }, number, RegExp]>(
    [
      [
        'write-to-everyone',
        'EVERYONE may update',
        {
          Note: [
            { scope: 'EVERYONE', read: true },
            { scope: 'EVERYONE', update: true, delete: true },
          ],
        },
        {},
        1,
        /anyone, without a token, may update, delete Note objects\. Fix: grant update, delete to AUTHENTICATED, a ROLE or a RELATION instead/,
      ],
      [
        'secret-readable',
        'EVERYONE reads every field',
        { Note: [{ scope: 'EVERYONE', read: true }] },
        {},
        0,
        /Note\.apiToken looks secret and is readable by EVERYONE\. Fix: list the fields/,
      ],
      [
        'secret-readable',
        'AUTHENTICATED reads a configured secret',
        { Note: [{ scope: 'AUTHENTICATED', read: true, fields: ['title', 'ssn'] }] },
        { secretFields: ['ssn'] },
        0,
        /Note\.ssn looks secret and is readable by AUTHENTICATED/,
      ],
      [
        'secret-readable',
        'User email readable by everyone',
        { User: [{ scope: 'EVERYONE', read: true, fields: ['username', 'email'] }] },
        { app: loadAppModel('extend type User { email: String }') },
        0,
        /User\.email looks secret/,
      ],
      [
        'shadowed',
        'a narrower rule after a wider one',
        {
          Note: [
            { scope: 'AUTHENTICATED', read: true },
            { scope: 'RELATION', userFields: ['author'], read: true, fields: ['title'] },
          ],
        },
        {},
        1,
        /grants nothing that rule 0 \(AUTHENTICATED\) does not already grant\. Fix: remove the rule/,
      ],
      [
        'shadowed',
        'the same rule twice',
        {
          Note: [
            { scope: 'ROLE', roles: ['Editors'], update: true },
            { scope: 'ROLE', roles: ['Editors'], update: true },
          ],
        },
        {},
        1,
        /rule 1 \(ROLE Editors\) \[shadowed\]: grants nothing that rule 0 \(ROLE Editors\) does not already grant/,
      ],
      [
        'shadowed',
        'a rule for verified users after the same rule for all signed-in users',
        {
          Note: [
            { scope: 'AUTHENTICATED', read: true },
            { scope: 'AUTHENTICATED', read: true, verified: true },
          ],
        },
        { app: withEmail },
        1,
        /rule 1 \(AUTHENTICATED, verified email\) \[shadowed\]: grants nothing that rule 0 \(AUTHENTICATED\) does not/,
      ],
      [
        'shadowed',
        'a rule that grants no operation',
        { Note: [{ scope: 'AUTHENTICATED', fields: ['title'] }] },
        {},
        0,
        /grants no operation\. Fix: add "read"/,
      ],
      [
        'unknown-role',
        'a role no seed creates',
        { Note: [{ scope: 'ROLE', roles: ['Editors', 'Managers'], read: true }] },
        {},
        0,
        /no seed creates the role Managers, so only admins can fill it\. Fix: check the spelling, or add Managers to a Role seed/,
      ],
      [
        'unindexed-relation',
        "a path past MongoDB's index limit",
        { Crowd: [{ scope: 'RELATION', userFields: [`u${last}`], read: true }] },
        { app: crowded },
        0,
        new RegExp(
          `the user field "u${last}" filters Crowd\\.u${last}, which has no index, so a filtered page scans the collection\\. Fix: fewer indexes on Crowd`,
        ),
      ],
    ],
  )('%s: %s', (kind, _what, files, options, ruleIndex, message) => {
    const warnings = lint(files, options);
    const found = warnings.filter((w) => w.kind === kind);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: `permissions/${Object.keys(files)[0]}.json`, ruleIndex });
    expect(formatWarnings(found)[0]).toMatch(message);
  });

  test.each<[LintKind, string, Record<string, unknown[]>, { secretFields?: string[]; app?: AppModel }]>([
    [
      'write-to-everyone',
      'writes granted to signed-in users and relations',
      {
        Note: [
          { scope: 'EVERYONE', read: true, fields: ['title'] },
          { scope: 'AUTHENTICATED', create: true },
          { scope: 'RELATION', userFields: ['author'], update: true, delete: true },
        ],
      },
      {},
    ],
    [
      'write-to-everyone',
      'sign-up: EVERYONE creates a User',
      {
        User: [
          { scope: 'EVERYONE', create: true },
          { scope: 'RELATION', userFields: ['me'], read: true },
        ],
      },
      {},
    ],
    [
      'secret-readable',
      'public fields listed, secrets for the author',
      {
        Note: [
          { scope: 'EVERYONE', read: true, fields: ['title', 'ssn'] },
          { scope: 'RELATION', userFields: ['author'], read: true },
        ],
      },
      {},
    ],
    [
      'shadowed',
      'each rule adds something',
      {
        Note: [
          { scope: 'EVERYONE', read: true, fields: ['title'] },
          { scope: 'AUTHENTICATED', read: true, fields: ['title', 'project'] },
          { scope: 'RELATION', userFields: ['author', 'readers'], read: true, update: true },
          { scope: 'RELATION', userFields: ['author'], delete: true },
        ],
      },
      {},
    ],
    [
      'shadowed',
      'verified users read every field, everyone signed in the title',
      {
        Note: [
          { scope: 'AUTHENTICATED', read: true, verified: true },
          { scope: 'AUTHENTICATED', read: true, fields: ['title'] },
        ],
      },
      { app: withEmail },
    ],
    [
      'unknown-role',
      'seeded and built-in roles',
      {
        Note: [
          { scope: 'ROLE', roles: ['Editors'], read: true },
          { scope: 'ROLE', roles: ['admin'], delete: true },
        ],
      },
      {},
    ],
    [
      'unindexed-relation',
      'dotted and many-to-many paths',
      { Note: [{ scope: 'RELATION', userFields: ['project.owner', 'readers', 'author'], read: true }] },
      {},
    ],
    [
      'unindexed-relation',
      'the first paths of a crowded type',
      { Crowd: [{ scope: 'RELATION', userFields: ['u0', 'u1'], read: true }] },
      { app: crowded },
    ],
  ])('no %s: %s', (kind, _what, files, options) => {
    expect(lint(files, options).filter((w) => w.kind === kind)).toEqual([]);
  });

  test.each([
    ['open', 'open' as const],
    ['closed', 'deny' as const],
  ])('no-rules-file: a type without a file is named, %s or not', (_what, defaultPolicy) => {
    const map = new Map<string, RulesFile>([['Note', { file: 'rules/Note.json', content: [] }]]);
    const warnings = lintRules({
      app,
      policy: compilePolicy(app, map, defaultPolicy),
      seededRoles: new Set(),
      rulesDir: 'rules',
    }).filter((w) => w.kind === 'no-rules-file');
    expect(formatWarnings(warnings)).toEqual([
      'rules/Project.json [no-rules-file]: Project has no rules file, so only admins may reach it, or everyone with PERMISSIONS_DEFAULT=open. Fix: write the rules Project needs in Project.json (an empty list [] keeps it admin-only and says so).',
    ]);
  });

  test('the example app lints clean', () => {
    const example = loadAppModel(readFileSync('schema.graphql', 'utf8'));
    expect(
      lintRules({
        app: example,
        policy: loadPolicy(example, 'permissions', 'open'),
        seededRoles: new Set(['Editors', 'Executives']),
      }),
    ).toEqual([]);
  });
});
