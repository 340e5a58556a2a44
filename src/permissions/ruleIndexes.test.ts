import { loadAppModel } from '../appModel/loadAppModel';
import { collectionSpecs } from '../appModel/collectionSpecs';
import { compilePolicy, type RulesFile } from './compilePolicy';
import { ruleIndexes, storeSpecs, unindexedRuleLookups } from './ruleIndexes';

const app = loadAppModel(`
  type Note @model {
    title: String
    author: User @relation(name: "NoteAuthor")
    project: Project @relation(name: "ProjectNotes")
    readers: [User!]! @relation(name: "NoteReaders")
  }
  type Project @model { owner: User @relation(name: "ProjectOwner")  notes: [Note!]! @relation(name: "ProjectNotes") }
  type Profile @model { bio: String  user: User @relation(name: "ProfileUser") }
  extend type User {
    notes: [Note!]! @relation(name: "NoteAuthor")
    projects: [Project!]! @relation(name: "ProjectOwner")
    reading: [Note!]! @relation(name: "NoteReaders")
    profile: Profile @relation(name: "ProfileUser")
  }
`);

function policyOf(type: string, userFields: string[]) {
  const files = new Map<string, RulesFile>([
    [type, { file: `permissions/${type}.json`, content: [{ scope: 'RELATION', userFields, read: true }] }],
  ]);
  return compilePolicy(app, files, 'open');
}

describe('ruleIndexes: the store lookups a RELATION rule compiles to', () => {
  test.each([
    ['a stored reference', 'Note', 'author', [['Note', ['author', 'createdAt', '_id']]]],
    [
      'a dotted path',
      'Note',
      'project.owner',
      [
        ['Note', ['project', 'createdAt', '_id']],
        ['Project', ['owner', 'createdAt', '_id']],
      ],
    ],
    ['a many-to-many field', 'Note', 'readers', [['_link_NoteReaders', ['user', 'note']]]],
    [
      'a to-many field the other side stores, then a reference',
      'Project',
      'notes.author',
      [['Note', ['author', 'createdAt', '_id']]],
    ],
    // User is declared first, so User.profile stores the reference and Profile.user is its far side.
    ['a to-one field the other side stores (looked up by primary key)', 'Profile', 'user', []],
    ['me', 'User', 'me', []],
  ])('%s: %s %s', (_what, type, userField, expected) => {
    const found = ruleIndexes(app, policyOf(type, [userField])).filter((r) => r.source.endsWith('.json'));
    expect(found.map((r) => [r.collection, r.index.fields])).toEqual(expected);
    for (const r of found) expect(r).toMatchObject({ source: `permissions/${type}.json`, ruleIndex: 0, userField });
  });

  test('the store creates an index for a lookup no app index serves, and every lookup then has one', () => {
    const policy = policyOf('Note', ['project.owner', 'readers']);
    const withoutProjectOwner = collectionSpecs(app).map((spec) =>
      spec.name === 'Project' ? { ...spec, indexes: spec.indexes.filter((i) => i.fields[0] !== 'owner') } : spec,
    );
    expect(
      unindexedRuleLookups(app, policy, withoutProjectOwner).map((r) => `${r.collection}.${r.index.fields[0]}`),
    ).toEqual(['Project.owner']);
    expect(unindexedRuleLookups(app, policy, storeSpecs(app, policy))).toEqual([]);
  });
});
