import { loadAppModel } from '../appModel/loadAppModel';
import { compilePolicy, type RulesFile } from './compilePolicy';

const app = loadAppModel(`
  type Note @model {
    title: String
    author: User @relation(name: "NoteAuthor")
    project: Project @relation(name: "ProjectNotes")
  }
  type Project @model { name: String  notes: [Note!]! @relation(name: "ProjectNotes") }
  extend type User { notes: [Note!]! @relation(name: "NoteAuthor") }
`);

function compile(files: Record<string, unknown>, policy: 'open' | 'deny' = 'open') {
  const map = new Map<string, RulesFile>(
    Object.entries(files).map(([type, content]) => [type, { file: `permissions/${type}.json`, content }]),
  );
  return compilePolicy(app, map, policy);
}

describe('compilePolicy refuses a rules file that cannot mean anything (docs/permissions.md#mistakes)', () => {
  test.each([
    ['an unknown type', { Nope: [] }, 'permissions/Nope.json: there is no type or many-to-many relation named Nope'],
    [
      'an unknown scope',
      { Note: [{ scope: 'FRIENDS', read: true }] },
      'permissions/Note.json rule 0: scope: Invalid option',
    ],
    [
      'an unknown field',
      {
        Note: [
          { scope: 'EVERYONE', read: true },
          { scope: 'EVERYONE', read: true, fields: ['body'] },
        ],
      },
      'permissions/Note.json rule 1: Note has no field body',
    ],
    [
      'an unknown key',
      { Note: [{ scope: 'EVERYONE', raed: true }] },
      'permissions/Note.json rule 0: Unrecognized key: "raed"',
    ],
    [
      'a ROLE rule without roles',
      { Note: [{ scope: 'ROLE', read: true }] },
      'permissions/Note.json rule 0: a ROLE rule needs "roles"',
    ],
    [
      'a RELATION rule without user fields',
      { Note: [{ scope: 'RELATION', read: true }] },
      'permissions/Note.json rule 0: a RELATION rule needs "userFields"',
    ],
    [
      'a user field that is not a relation',
      { Note: [{ scope: 'RELATION', userFields: ['title'], read: true }] },
      'permissions/Note.json rule 0: user field "title": Note.title is not a relation',
    ],
    [
      'a user field that does not lead to User',
      { Note: [{ scope: 'RELATION', userFields: ['project'], read: true }] },
      'permissions/Note.json rule 0: user field "project" leads to Project, not to User',
    ],
    [
      '"me" outside User',
      { Note: [{ scope: 'RELATION', userFields: ['me'], read: true }] },
      'permissions/Note.json rule 0: "me" is only meaningful in User rules',
    ],
    [
      'a user field past MAX_USER_FIELD_HOPS',
      {
        Note: [
          { scope: 'EVERYONE', read: true },
          { scope: 'RELATION', userFields: ['author', 'project.notes.project.notes.author'], read: true },
        ],
      },
      'permissions/Note.json rule 1: user field "project.notes.project.notes.author" takes 5 hops; at most 4 are allowed (MAX_USER_FIELD_HOPS)',
    ],
    [
      '"verified" on EVERYONE',
      { Note: [{ scope: 'EVERYONE', read: true, verified: true }] },
      'permissions/Note.json rule 0: "verified" narrows a signed-in scope (AUTHENTICATED, ROLE, RELATION), not EVERYONE',
    ],
    [
      '"verified" where User has no email',
      { Note: [{ scope: 'AUTHENTICATED', read: true, verified: true }] },
      'permissions/Note.json rule 0: "verified" needs User.email (extend type User { email: String @unique }): it is the address verified',
    ],
    [
      '"verified" that is not a boolean',
      { Note: [{ scope: 'AUTHENTICATED', read: true, verified: 'yes' }] },
      'permissions/Note.json rule 0: verified: Invalid input: expected boolean, received string',
    ],
    [
      'a file that is not a list',
      { Note: { scope: 'EVERYONE' } },
      'permissions/Note.json: Invalid input: expected array, received object',
    ],
  ])('%s', (_name, files, message) => {
    expect(() => compile(files)).toThrow(message);
  });
});

describe('compilePolicy defaults (docs/permissions.md#types-without-a-rules-file)', () => {
  test('app types without a file are open, and listed for the start-up warning', () => {
    const policy = compile({ Note: [{ scope: 'EVERYONE', read: true }] });
    expect(policy.withoutFile).toEqual(['Project']);
    expect(policy.types.get('Project')!.rules[0].operations).toEqual(new Set(['read', 'create', 'update', 'delete']));
  });

  test('PERMISSIONS_DEFAULT=deny closes them', () => {
    expect(compile({}, 'deny').types.get('Project')!.rules).toEqual([]);
  });

  test('User: everyone may sign up, see and edit themselves, but not their password or relations', () => {
    const [signUp, read, update] = compile({}).types.get('User')!.rules;
    expect(signUp).toMatchObject({ scope: 'EVERYONE', operations: new Set(['create']), fields: 'all' });
    expect(read).toMatchObject({ scope: 'RELATION', operations: new Set(['read']), paths: [[]] });
    // lastLogin is set by the server, never by an update.
    expect(update.fields).toEqual(new Set(['username']));
  });

  test('Role and the UserRoles links: any signed-in user reads them', () => {
    const policy = compile({});
    expect(policy.types.get('Role')!.rules).toMatchObject([{ scope: 'AUTHENTICATED', operations: new Set(['read']) }]);
    expect(policy.types.get('UserRoles')!.rules).toMatchObject([
      { scope: 'AUTHENTICATED', operations: new Set(['read']) },
    ]);
  });

  test('a dotted user field compiles to its hops', () => {
    const policy = compile({
      Note: [{ scope: 'RELATION', userFields: ['author', 'project.notes.author'], read: true }],
    });
    expect(policy.types.get('Note')!.rules[0].paths).toEqual([['author'], ['project', 'notes', 'author']]);
  });
});

describe('"verified": true (docs/permissions.md#verified-email-only)', () => {
  const withEmail = loadAppModel(`
    type Note @model { title: String  owner: User @relation(name: "NoteOwner") }
    extend type User { email: String @unique  notes: [Note!]! @relation(name: "NoteOwner") }
  `);
  const compileWithEmail = (rules: unknown) =>
    compilePolicy(withEmail, new Map([['Note', { file: 'permissions/Note.json', content: rules }]]), 'open');

  test('compiles on AUTHENTICATED, ROLE and RELATION rules once User has an email', () => {
    const rules = compileWithEmail([
      { scope: 'AUTHENTICATED', read: true, verified: true },
      { scope: 'ROLE', roles: ['Staff'], read: true, verified: true },
      { scope: 'RELATION', userFields: ['owner'], read: true, verified: true },
      { scope: 'AUTHENTICATED', read: true },
    ]).types.get('Note')!.rules;
    expect(rules.map((rule) => rule.verified)).toEqual([true, true, true, false]);
  });

  test('User gets a server-managed emailVerified, which no default rule lets a user update', () => {
    expect(withEmail.models.get('User')!.fields.get('emailVerified')).toMatchObject({ type: 'Boolean', system: true });
    const [, , update] = compilePolicy(withEmail, new Map(), 'open').types.get('User')!.rules;
    expect(update.fields).toEqual(new Set(['username', 'email']));
  });
});
