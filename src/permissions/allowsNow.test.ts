import { loadAppModel } from '../appModel/loadAppModel';
import type { StoreOperations } from '../store/Store';
import { compilePolicy, type RulesFile } from './compilePolicy';
import { createAccess } from './createAccess';

const app = loadAppModel(`
  type Note @model {
    title: String
    body: String
    author: User @relation(name: "NoteAuthor")
    project: Project @relation(name: "ProjectNotes")
  }
  type Project @model { name: String  owner: User @relation(name: "ProjectOwner")  notes: [Note!]! @relation(name: "ProjectNotes") }
  extend type User { notes: [Note!]! @relation(name: "NoteAuthor")  projects: [Project!]! @relation(name: "ProjectOwner") }
`);

const rules = {
  // title: anyone; body: the author; the author's reference: the project's owner (a hop).
  Note: [
    { scope: 'EVERYONE', read: true, fields: ['title'] },
    { scope: 'RELATION', userFields: ['author'], read: true, fields: ['body'] },
    { scope: 'RELATION', userFields: ['project.owner'], read: true, fields: ['author'] },
  ],
};
const policy = compilePolicy(
  app,
  new Map<string, RulesFile>(Object.entries(rules).map(([type, content]) => [type, { file: `${type}.json`, content }])),
  'deny',
);
const note = app.models.get('Note')!;
/** The store is never asked: `allowsNow` answers without it or not at all. */
const noStore: Pick<StoreOperations, 'find'> = {
  find: () => {
    throw new Error('allowsNow must not ask the store');
  },
};

describe('allowsNow: a field verdict without waiting, where the rules allow one', () => {
  const access = createAccess({
    app,
    policy,
    store: noStore,
    viewer: { kind: 'user', id: 'u1', user: { _id: 'u1' } },
    memberships: [],
  });
  const mine = { _id: 'n1', author: 'u1', project: 'p1' };
  const theirs = { _id: 'n2', author: 'u2', project: 'p1' };

  test("before the type's grants are compiled, nothing is decided", () => {
    expect(access.allowsNow('read', note, ['title'], mine)).toBeUndefined();
  });

  test.each<[string, string[], object, boolean | undefined]>([
    ['a field any rule opens to everyone', ['title'], theirs, true],
    ['a RELATION rule held in memory', ['body'], mine, true],
    ['a RELATION rule that does not hold, with no other rule for the field', ['body'], theirs, false],
    ['a field no rule covers', ['project'], mine, false],
    ['a rule through a hop: only the store can tell', ['author'], mine, undefined],
    ['several fields: one undecided makes the answer undecided', ['title', 'author'], mine, undefined],
    ['several fields: one refused refuses', ['body', 'author'], theirs, false],
  ])('%s', async (_label, fields, doc, expected) => {
    await access.visible(note); // a page of notes compiles the grants
    expect(access.allowsNow('read', note, fields, { _id: 'x', ...doc })).toBe(expected);
  });
});
