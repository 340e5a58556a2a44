import { createAdminToken } from '../../src/auth/adminTokens';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, type TestUser } from '../support/users';

/**
 * A team-notes app with one type per kind of rule: Note (field-level EVERYONE read, RELATION
 * author, dotted to-many `project.members`, ROLE Executives), Diary (RELATION owner only),
 * Project (to-many `members`), Feedback (write-only), Memo (no rules file).
 */
export const NOTES_SCHEMA = `
  type Note @model {
    title: String
    secret: String
    rating: Int
    author: User @relation(name: "NoteAuthor")
    project: Project @relation(name: "ProjectNotes")
  }
  type Project @model {
    name: String
    members: [User!]! @relation(name: "ProjectMembers")
    notes: [Note!]! @relation(name: "ProjectNotes")
  }
  type Diary @model {
    text: String
    owner: User @relation(name: "DiaryOwner")
  }
  type Memo @model { text: String }
  type Feedback @model { text: String }
  extend type User {
    notes: [Note!]! @relation(name: "NoteAuthor")
    projects: [Project!]! @relation(name: "ProjectMembers")
    diaries: [Diary!]! @relation(name: "DiaryOwner")
  }
`;

export const NOTES_RULES = {
  Note: [
    { scope: 'EVERYONE', read: true, fields: ['title'] },
    { scope: 'RELATION', userFields: ['author'], read: true, create: true, update: true, delete: true },
    { scope: 'RELATION', userFields: ['project.members'], read: true, fields: ['title', 'secret', 'project'] },
    { scope: 'ROLE', roles: ['Executives'], read: true, create: true },
  ],
  Project: [
    { scope: 'AUTHENTICATED', create: true },
    { scope: 'RELATION', userFields: ['members'], read: true, update: true },
  ],
  Diary: [{ scope: 'RELATION', userFields: ['owner'], read: true, create: true, update: true, delete: true }],
  Feedback: [{ scope: 'EVERYONE', create: true }],
  User: [
    { scope: 'EVERYONE', create: true },
    { scope: 'AUTHENTICATED', read: true, fields: ['username'] },
    { scope: 'RELATION', userFields: ['me'], read: true },
  ],
};

export interface NotesWorld {
  server: TestServer;
  admin: string;
  alice: TestUser;
  bob: TestUser;
  carol: TestUser;
}

export async function startNotesWorld(
  env: Record<string, string> = {},
  rules: Record<string, unknown> = NOTES_RULES,
): Promise<NotesWorld> {
  const server = await startTestServer({ schema: NOTES_SCHEMA, permissions: rules, env });
  const admin = await createAdminToken(server.store, 'tests');
  const [alice, bob, carol] = [
    await signUp(server, 'alice'),
    await signUp(server, 'bob'),
    await signUp(server, 'carol'),
  ];
  return { server, admin, alice, bob, carol };
}

/** Creates an object with the admin token and returns its id. */
export async function seed(world: NotesWorld, type: string, input: Record<string, unknown>): Promise<string> {
  const response = await world.server.request(
    `mutation($input: Create${type}Input!) { create${type}(input: $input) { changed${type} { id } } }`,
    { input },
    world.admin,
  );
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data[`create${type}`][`changed${type}`].id;
}
