import { createAdminToken } from '../../src/auth/adminTokens';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { enroll, signUp, type TestUser } from '../support/users';

/**
 * docs/permissions.md#what-each-operation-checks: edge fields (`accessLevel`) are fields of the link type under its rules. Here
 * the UserRoles rules let signed-in users see who is in which role, but not at which level.
 */
describe("permissions: edge fields follow the link type's field rules", () => {
  let server: TestServer;
  let admin: string;
  let ann: TestUser;
  let ben: TestUser;
  let roleId: string;

  beforeAll(async () => {
    server = await startTestServer({
      permissions: {
        UserRoles: [{ scope: 'AUTHENTICATED', read: true, fields: ['user', 'role'] }],
        User: [
          { scope: 'EVERYONE', create: true },
          { scope: 'AUTHENTICATED', read: true, fields: ['username', 'roles'] },
        ],
      },
    });
    admin = await createAdminToken(server.store, 'tests');
    [ann, ben] = [await signUp(server, 'ann'), await signUp(server, 'ben')];
    await enroll(server, admin, ann, 'Crew', 'admin');
    await enroll(server, admin, ben, 'Crew', 'readonly');
    const found = await server.request(
      `{ allRoles(where: { name: { eq: "Crew" } }) { edges { node { id } } } }`,
      undefined,
      admin,
    );
    roleId = found.data.allRoles.edges[0].node.id;
  });
  afterAll(() => server.stop());

  const MEMBERS = `query($id: ID!) { getRole(id: $id) { members(orderBy: [{ field: username }]) { edges { accessLevel node { username } } } } }`;

  test('Role.members: the members are listed, their levels are null with FORBIDDEN', async () => {
    const response = await server.request(MEMBERS, { id: roleId }, ben.token);
    expect(response.data.getRole.members.edges).toEqual([
      { accessLevel: null, node: { username: 'ann' } },
      { accessLevel: null, node: { username: 'ben' } },
    ]);
    expect(response.errors?.map((e) => [e.path?.slice(-2).join('.'), e.extensions?.code])).toEqual([
      ['0.accessLevel', 'FORBIDDEN'],
      ['1.accessLevel', 'FORBIDDEN'],
    ]);
  });

  test('User.roles: the same on the other side', async () => {
    const response = await server.request(
      `{ viewer { user { roles { edges { accessLevel node { name } } } } } }`,
      undefined,
      ben.token,
    );
    expect(response.data.viewer.user.roles.edges).toEqual([{ accessLevel: null, node: { name: 'Crew' } }]);
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  test("a link mutation's payload judges accessLevel the same way", async () => {
    const carl = await signUp(server, 'carl');
    const invited = await server.request(
      `mutation($u: ID!, $r: ID!) { addToUserRolesConnection(input: { userId: $u, roleId: $r, accessLevel: readonly }) { invitation { roleName } } }`,
      { u: carl.id, r: roleId },
      ann.token,
    );
    expect(invited.data.addToUserRolesConnection.invitation).toEqual({ roleName: 'Crew' });
    const response = await server.request(
      `mutation($r: ID!) { acceptRoleInvitation(input: { roleId: $r }) { changedUserRoles { accessLevel role { name } } } }`,
      { r: roleId },
      carl.token,
    );
    expect(response.data.acceptRoleInvitation.changedUserRoles).toEqual({
      accessLevel: null,
      role: { name: 'Crew' },
    });
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  test('an admin token reads every level', async () => {
    const response = await server.request(MEMBERS, { id: roleId }, admin);
    expect(response.errors).toBeUndefined();
    expect(response.data.getRole.members.edges.map((e: { accessLevel: string }) => e.accessLevel)).toEqual([
      'admin',
      'readonly',
      'readonly',
    ]);
  });
});
