import { loadAppModel } from '../appModel/loadAppModel';
import { compilePolicy, type RulesFile } from './compilePolicy';
import { grantDependencies } from './grantDependencies';

const app = loadAppModel(`
  type Note @model {
    title: String
    author: User @relation(name: "NoteAuthor")
    project: Project @relation(name: "ProjectNotes")
  }
  type Project @model {
    name: String
    notes: [Note!]! @relation(name: "ProjectNotes")
    members: [User!]! @relation(name: "ProjectMembers")
  }
  type Comment @model { note: Note @relation(name: "NoteComments") }
  extend type User {
    notes: [Note!]! @relation(name: "NoteAuthor")
    projects: [Project!]! @relation(name: "ProjectMembers")
  }
  extend type Note { comments: [Comment!]! @relation(name: "NoteComments") }
`);

function dependencies(files: Record<string, unknown>): string[] {
  const map = new Map<string, RulesFile>(
    Object.entries(files).map(([type, content]) => [type, { file: `${type}.json`, content }]),
  );
  const roleTables = [app.models.get('Role')!.collection, app.links.get('UserRoles')!.collection];
  const [type] = Object.keys(files);
  return [...grantDependencies(app, compilePolicy(app, map, 'open')).get(type)!]
    .filter((c) => !roleTables.includes(c))
    .sort();
}

const collection = (model: string) => app.models.get(model)!.collection;
const links = (relation: string) => (app.relations.get(relation) as { collection: string }).collection;

describe('grantDependencies: the writes that can change a compiled grant', () => {
  test.each([
    [
      "the object's own reference to the user reads nothing",
      { Note: [{ scope: 'RELATION', userFields: ['author'], read: true }] },
      [],
    ],
    [
      'a many-to-many hop reads its links',
      { Project: [{ scope: 'RELATION', userFields: ['members'], read: true }] },
      [links('ProjectMembers')],
    ],
    [
      'a dotted path reads every hop it follows',
      { Comment: [{ scope: 'RELATION', userFields: ['note.author'], read: true }] },
      [collection('Note')],
    ],
    [
      'dotted through a many-to-many',
      { Note: [{ scope: 'RELATION', userFields: ['project.members'], read: true }] },
      [links('ProjectMembers'), collection('Project')],
    ],
    [
      'EVERYONE and ROLE rules read no collection of the app',
      {
        Note: [
          { scope: 'EVERYONE', read: true },
          { scope: 'ROLE', roles: ['X'], read: true },
        ],
      },
      [],
    ],
  ])('%s', (_name, files, expected) => {
    expect(dependencies(files)).toEqual([...expected].sort());
  });

  test('role tables are dependencies of every type: memberships decide ROLE rules and the admin bypass', () => {
    for (const collections of grantDependencies(app, compilePolicy(app, new Map(), 'open')).values()) {
      expect(collections.has(app.models.get('Role')!.collection)).toBe(true);
      expect(collections.has(app.links.get('UserRoles')!.collection)).toBe(true);
    }
  });

  test('a type depends only on what its own rules read', () => {
    const files = new Map<string, RulesFile>([
      ['Comment', { file: 'Comment.json', content: [{ scope: 'RELATION', userFields: ['note.author'], read: true }] }],
    ]);
    const byType = grantDependencies(app, compilePolicy(app, files, 'open'));
    expect(byType.get('Comment')!.has(collection('Note'))).toBe(true);
    expect(byType.get('Note')!.has(collection('Note'))).toBe(false);
  });
});
