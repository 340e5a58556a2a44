import { createAdminToken } from '../../src/auth/adminTokens';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { enroll, signUp, type TestUser } from '../support/users';

/** docs/api.md#roles: roles are managed by their own admins, whatever the rules files say. */
describe('roles', () => {
  let server: TestServer;
  let adminToken: string;
  let owner: TestUser;
  let editor: TestUser;
  let reader: TestUser;
  let stranger: TestUser;
  let roleId: string;

  const gql = (query: string, variables: Record<string, unknown>, user?: TestUser | string) =>
    server.request(query, variables, typeof user === 'string' ? user : user?.token);
  const ADD = `mutation($userId: ID!, $roleId: ID!, $level: AccessLevel!) {
    addToUserRolesConnection(input: { userId: $userId, roleId: $roleId, accessLevel: $level }) {
      changedUserRoles { accessLevel role { name } } invitation { roleName accessLevel } } }`;
  const ACCEPT = `mutation($roleId: ID!) { acceptRoleInvitation(input: { roleId: $roleId }) { changedUserRoles { accessLevel role { name } } } }`;
  const UPDATE = `mutation($userId: ID!, $roleId: ID!, $level: AccessLevel!) {
    updateUserRolesConnection(input: { userId: $userId, roleId: $roleId, accessLevel: $level }) { changedUserRoles { accessLevel } } }`;
  const REMOVE = `mutation($userId: ID!, $roleId: ID!) {
    removeFromUserRolesConnection(input: { userId: $userId, roleId: $roleId }) { changedUserRoles { accessLevel } } }`;
  const members = async () => {
    const response = await gql(
      `query($id: ID!) { getRole(id: $id) { members { edges { accessLevel node { id } } } } }`,
      { id: roleId },
      adminToken,
    );
    return Object.fromEntries(
      response.data.getRole.members.edges.map((e: { accessLevel: string; node: { id: string } }) => [
        e.node.id,
        e.accessLevel,
      ]),
    );
  };

  beforeAll(async () => {
    server = await startTestServer();
    adminToken = await createAdminToken(server.store, 'roles-test');
    [owner, editor, reader, stranger] = await Promise.all(
      ['olga', 'ed', 'rita', 'sam'].map((name) => signUp(server, name)),
    );
  });
  afterAll(() => server.stop());

  test('any signed-in user creates a role and becomes its admin', async () => {
    const anonymous = await gql(`mutation { createRole(input: { name: "Nobody" }) { changedRole { id } } }`, {});
    expect(anonymous.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const created = await gql(
      `mutation { createRole(input: { name: "Writers", clientMutationId: "r1" }) { changedRole { id name } clientMutationId } }`,
      {},
      owner,
    );
    expect(created.data.createRole).toMatchObject({ changedRole: { name: 'Writers' }, clientMutationId: 'r1' });
    roleId = created.data.createRole.changedRole.id;
    expect(await members()).toEqual({ [owner.id]: 'admin' });
    const mine = await gql(`{ viewer { user { roles { edges { accessLevel node { name } } } } } }`, {}, owner);
    expect(mine.data.viewer.user.roles.edges).toEqual([{ accessLevel: 'admin', node: { name: 'Writers' } }]);
  });

  test('admins invite members, who join by accepting; then admins promote and demote them', async () => {
    const invited = await gql(ADD, { userId: editor.id, roleId, level: 'readwrite' }, owner);
    expect(invited.data.addToUserRolesConnection).toEqual({
      changedUserRoles: null,
      invitation: { roleName: 'Writers', accessLevel: 'readwrite' },
    });
    expect(await members()).toEqual({ [owner.id]: 'admin' });
    const accepted = await gql(ACCEPT, { roleId }, editor);
    expect(accepted.data.acceptRoleInvitation.changedUserRoles).toEqual({
      accessLevel: 'readwrite',
      role: { name: 'Writers' },
    });
    await gql(ADD, { userId: reader.id, roleId, level: 'readonly' }, owner);
    await gql(ACCEPT, { roleId }, reader);
    expect((await gql(ADD, { userId: reader.id, roleId, level: 'readonly' }, owner)).errors?.[0].extensions?.code).toBe(
      'CONFLICT',
    );
    expect(
      (await gql(UPDATE, { userId: editor.id, roleId, level: 'admin' }, owner)).data.updateUserRolesConnection
        .changedUserRoles.accessLevel,
    ).toBe('admin');
    expect((await gql(UPDATE, { userId: editor.id, roleId, level: 'readwrite' }, owner)).errors).toBeUndefined();
    expect(await members()).toEqual({ [owner.id]: 'admin', [editor.id]: 'readwrite', [reader.id]: 'readonly' });
  });

  const RENAME = `mutation($id: ID!) { updateRole(input: { id: $id, name: "Renamed" }) { changedRole { name } } }`;
  const DELETE = `mutation($id: ID!) { deleteRole(input: { id: $id }) { deletedId } }`;
  test.each([
    ['a readwrite member', () => editor],
    ['a readonly member', () => reader],
    ['a stranger', () => stranger],
  ])('%s may not manage the role', async (_who, who) => {
    const user = who();
    const attempts = [
      await gql(RENAME, { id: roleId }, user),
      await gql(DELETE, { id: roleId }, user),
      await gql(ADD, { userId: stranger.id, roleId, level: 'admin' }, user),
      await gql(UPDATE, { userId: owner.id, roleId, level: 'readonly' }, user),
      await gql(REMOVE, { userId: owner.id, roleId }, user),
    ];
    expect(attempts.map((a) => a.errors?.[0].extensions?.code)).toEqual(Array(5).fill('FORBIDDEN'));
    expect(await members()).toEqual({ [owner.id]: 'admin', [editor.id]: 'readwrite', [reader.id]: 'readonly' });
  });

  test('a member may leave; the last admin may not, except by an admin token', async () => {
    expect((await gql(REMOVE, { userId: reader.id, roleId }, reader)).errors).toBeUndefined();
    expect((await gql(REMOVE, { userId: owner.id, roleId }, owner)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(
      (await gql(UPDATE, { userId: owner.id, roleId, level: 'readonly' }, owner)).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
    expect(await members()).toEqual({ [owner.id]: 'admin', [editor.id]: 'readwrite' });
    expect((await gql(UPDATE, { userId: owner.id, roleId, level: 'readonly' }, adminToken)).errors).toBeUndefined();
  });

  test('renaming and deleting: the role admins; deleting removes the memberships', async () => {
    await gql(UPDATE, { userId: owner.id, roleId, level: 'admin' }, adminToken);
    expect((await gql(RENAME, { id: roleId }, owner)).data.updateRole.changedRole.name).toBe('Renamed');
    expect((await gql(DELETE, { id: roleId }, owner)).data.deleteRole.deletedId).toBe(roleId);
    const links = await server.store.count('_link_UserRoles', {});
    expect(links).toBe(0);
  });

  test('the built-in admin role exists and cannot be renamed or deleted', async () => {
    const found = await gql(`{ allRoles(where: { name: { eq: "admin" } }) { edges { node { id } } } }`, {}, adminToken);
    const adminRole = found.data.allRoles.edges[0].node.id;
    expect((await gql(DELETE, { id: adminRole }, adminToken)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('roles: the Scaphold example', () => {
  // Executives read and create notes; only a note's author updates or deletes it.
  const schema = `type Note @model { text: String  author: User @relation(name: "NoteAuthor") }
    extend type User { notes: [Note!]! @relation(name: "NoteAuthor") }`;
  const permissions = {
    Note: [
      { scope: 'ROLE', roles: ['Executives'], read: true, create: true },
      { scope: 'RELATION', userFields: ['author'], read: true, update: true, delete: true },
    ],
  };

  test('end to end', async () => {
    const server = await startTestServer({ schema, permissions });
    try {
      const token = await createAdminToken(server.store, 'setup');
      const [ceo, cfo, intern] = await Promise.all(['ceo', 'cfo', 'intern'].map((name) => signUp(server, name)));
      // The rules name Executives, so the role exists from the start; an admin appoints its admin.
      await enroll(server, token, ceo, 'Executives', 'admin');
      const role = await server.request(
        `{ allRoles(where: { name: { eq: "Executives" } }) { edges { node { id } } } }`,
        undefined,
        ceo.token,
      );
      const roleId = role.data.allRoles.edges[0].node.id;
      await server.request(
        `mutation($u: ID!, $r: ID!) { addToUserRolesConnection(input: { userId: $u, roleId: $r, accessLevel: readwrite }) { clientMutationId } }`,
        { u: cfo.id, r: roleId },
        ceo.token,
      );
      // The CEO is the role's admin, not a global admin: the CFO joins by accepting.
      await server.request(
        `mutation($r: ID!) { acceptRoleInvitation(input: { roleId: $r }) { clientMutationId } }`,
        {
          r: roleId,
        },
        cfo.token,
      );

      const created = await server.request(
        `mutation($a: ID!) { createNote(input: { text: "Q3 plan", authorId: $a }) { changedNote { id text } } }`,
        { a: cfo.id },
        cfo.token,
      );
      const noteId = created.data.createNote.changedNote.id;
      expect((await server.request(`{ allNotes { totalCount } }`, undefined, ceo.token)).data.allNotes.totalCount).toBe(
        1,
      );
      expect(
        (await server.request(`{ allNotes { totalCount } }`, undefined, intern.token)).data.allNotes.totalCount,
      ).toBe(0);
      const internCreate = await server.request(
        `mutation { createNote(input: { text: "hi" }) { changedNote { id } } }`,
        undefined,
        intern.token,
      );
      expect(internCreate.errors?.[0].extensions?.code).toBe('FORBIDDEN');

      const edit = `mutation($id: ID!) { updateNote(input: { id: $id, text: "edited" }) { changedNote { text } } }`;
      expect((await server.request(edit, { id: noteId }, ceo.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await server.request(edit, { id: noteId }, cfo.token)).data.updateNote.changedNote.text).toBe('edited');
      const del = `mutation($id: ID!) { deleteNote(input: { id: $id }) { deletedId } }`;
      expect((await server.request(del, { id: noteId }, ceo.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await server.request(del, { id: noteId }, cfo.token)).data.deleteNote.deletedId).toBe(noteId);
      expect((await server.request(`{ allNotes { totalCount } }`, undefined, token)).data.allNotes.totalCount).toBe(0);
    } finally {
      await server.stop();
    }
  });
});
