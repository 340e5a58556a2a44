import { createAdminToken } from '../../src/auth/adminTokens';
import { toGlobalId } from '../../src/resolvers/globalIds';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, type TestUser } from '../support/users';

/**
 * Role management decides rights before existence: a caller without rights gets FORBIDDEN
 * whether or not the role or user they name exists, so the answer tells them nothing.
 */
describe('roles: no existence oracle', () => {
  let server: TestServer;
  let owner: TestUser;
  let stranger: TestUser;
  let roleId: string;
  const missingRole = toGlobalId('Role', 'f'.repeat(24));
  const missingUser = toGlobalId('User', 'f'.repeat(24));

  beforeAll(async () => {
    server = await startTestServer({
      permissions: { Role: [{ scope: 'RELATION', userFields: ['members'], read: true }] },
    });
    await createAdminToken(server.store, 'tests');
    [owner, stranger] = [await signUp(server, 'owner'), await signUp(server, 'stranger')];
    const created = await server.request(
      `mutation { createRole(input: { name: "Editors" }) { changedRole { id } } }`,
      undefined,
      owner.token,
    );
    roleId = created.data.createRole.changedRole.id;
  });
  afterAll(() => server.stop());

  const attempts: [string, string, (ids: { role: string; user: string }) => Record<string, unknown>][] = [
    [
      'updateRole',
      `mutation($v: UpdateRoleInput!) { updateRole(input: $v) { clientMutationId } }`,
      ({ role }) => ({ id: role, name: 'X' }),
    ],
    [
      'deleteRole',
      `mutation($v: DeleteRoleInput!) { deleteRole(input: $v) { clientMutationId } }`,
      ({ role }) => ({ id: role }),
    ],
    [
      'addToUserRolesConnection',
      `mutation($v: AddToUserRolesConnectionInput!) { addToUserRolesConnection(input: $v) { clientMutationId } }`,
      ({ role, user }) => ({ roleId: role, userId: user, accessLevel: 'admin' }),
    ],
    [
      'updateUserRolesConnection',
      `mutation($v: UpdateUserRolesConnectionInput!) { updateUserRolesConnection(input: $v) { clientMutationId } }`,
      ({ role, user }) => ({ roleId: role, userId: user, accessLevel: 'admin' }),
    ],
    [
      'removeFromUserRolesConnection',
      `mutation($v: RemoveFromUserRolesConnectionInput!) { removeFromUserRolesConnection(input: $v) { clientMutationId } }`,
      ({ role, user }) => ({ roleId: role, userId: user }),
    ],
  ];

  test.each(attempts)(
    '%s: the same FORBIDDEN for existing and missing ids, anonymous or not',
    async (_name, query, input) => {
      for (const token of [undefined, stranger.token]) {
        const codes = [];
        for (const ids of [
          { role: roleId, user: owner.id },
          { role: missingRole, user: owner.id },
          { role: roleId, user: missingUser },
          { role: missingRole, user: missingUser },
        ]) {
          const response = await server.request(query, { v: input(ids) }, token);
          codes.push(response.errors?.[0].extensions?.code);
        }
        expect(codes).toEqual(['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN']);
      }
    },
  );

  test("the role's admin, who has the rights, learns what is missing", async () => {
    const [, query, input] = attempts[2];
    const response = await server.request(query, { v: input({ role: roleId, user: missingUser }) }, owner.token);
    expect(response.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  test('a user leaving a role they are not in gets one answer, whether the role exists or not', async () => {
    const [, query, input] = attempts[4];
    const messages = [];
    for (const role of [roleId, missingRole]) {
      const response = await server.request(query, { v: input({ role, user: stranger.id }) }, stranger.token);
      messages.push([response.errors?.[0].extensions?.code, response.errors?.[0].message]);
    }
    expect(messages[0]).toEqual(['NOT_FOUND', expect.any(String)]);
    expect(messages[1]).toEqual(messages[0]);
  });
});
