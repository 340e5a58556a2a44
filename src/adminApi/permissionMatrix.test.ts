import { loadAppModel } from '../appModel/loadAppModel';
import { compilePolicy, type RulesFile } from '../permissions/compilePolicy';
import { permissionMatrix } from './permissionMatrix';

const app = loadAppModel(`
  type Note @model { title: String, secret: String, owner: User @relation(name: "NoteOwner") }
  extend type User { notes: [Note!]! @relation(name: "NoteOwner") }
`);

function matrixOf(rules: unknown[]) {
  const files = new Map<string, RulesFile>([['Note', { file: 'permissions/Note.json', content: rules }]]);
  return permissionMatrix(app, compilePolicy(app, files, 'deny')).find((t) => t.type === 'Note')!;
}

describe('permissionMatrix', () => {
  test.each([
    [
      'a scope with some fields',
      { scope: 'EVERYONE', read: true, fields: ['title'] },
      {
        label: 'rule 0 (EVERYONE)',
        scope: 'EVERYONE',
        roles: [],
        userFields: [],
        operations: ['read'],
        fields: ['title'],
      },
    ],
    [
      'a role on every field',
      { scope: 'ROLE', roles: ['Editors'], update: true, read: true },
      {
        label: 'rule 0 (ROLE Editors)',
        scope: 'ROLE',
        roles: ['Editors'],
        userFields: [],
        operations: ['read', 'update'],
        fields: null,
      },
    ],
    [
      'a relation, its operations in a fixed order',
      { scope: 'RELATION', userFields: ['owner'], delete: true, create: true },
      {
        label: 'rule 0 (RELATION via owner)',
        scope: 'RELATION',
        roles: [],
        userFields: ['owner'],
        operations: ['create', 'delete'],
        fields: null,
      },
    ],
  ])('%s', (_what, rule, expected) => {
    const note = matrixOf([rule]);
    expect(note.source).toBe('permissions/Note.json');
    expect(note.fields).toEqual(['id', 'createdAt', 'modifiedAt', 'title', 'secret', 'owner']);
    expect(note.rules).toEqual([{ index: 0, ...expected }]);
  });

  test("User's fields include the write-only password, which rules may grant", () => {
    const user = permissionMatrix(app, compilePolicy(app, new Map(), 'deny')).find((t) => t.type === 'User')!;
    expect(user.fields).toContain('password');
    expect(user.source).toBe('(default rules of User)');
  });
});
