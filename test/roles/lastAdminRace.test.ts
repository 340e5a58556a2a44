import { createAdminToken } from '../../src/auth/adminTokens';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, type TestUser } from '../support/users';

/**
 * SPEC §6: a role's last admin cannot be removed or demoted except with an admin token, also
 * when its admins act at the same moment. Each round starts the requests together.
 */
describe('roles: the last-admin guard under concurrency', () => {
  let server: TestServer;
  let adminToken: string;
  let users: TestUser[];

  beforeAll(async () => {
    server = await startTestServer();
    adminToken = await createAdminToken(server.store, 'tests');
    users = [];
    for (const name of ['ann', 'ben', 'cy']) users.push(await signUp(server, name));
  });
  afterAll(() => server.stop());

  const DEMOTE = `mutation($u: ID!, $r: ID!) { updateUserRolesConnection(input: { userId: $u, roleId: $r, accessLevel: readwrite }) { clientMutationId } }`;
  const REMOVE = `mutation($u: ID!, $r: ID!) { removeFromUserRolesConnection(input: { userId: $u, roleId: $r }) { clientMutationId } }`;

  /** A fresh role whose admins are `admins` (the first creates it). */
  async function roleWithAdmins(name: string, admins: TestUser[]): Promise<string> {
    const created = await server.request(`mutation($n: String!) { createRole(input: { name: $n }) { changedRole { id } } }`, { n: name }, admins[0].token);
    const roleId = created.data.createRole.changedRole.id;
    for (const admin of admins.slice(1)) {
      await server.request(`mutation($u: ID!, $r: ID!) { addToUserRolesConnection(input: { userId: $u, roleId: $r, accessLevel: admin }) { clientMutationId } }`,
        { u: admin.id, r: roleId }, adminToken);
    }
    return roleId;
  }

  async function adminsOf(roleId: string): Promise<string[]> {
    const response = await server.request(`query($id: ID!) { getRole(id: $id) { members { edges { accessLevel node { username } } } } }`, { id: roleId }, adminToken);
    return response.data.getRole.members.edges
      .filter((e: { accessLevel: string }) => e.accessLevel === 'admin')
      .map((e: { node: { username: string } }) => e.node.username).sort();
  }

  test.each([['demote', DEMOTE], ['remove', REMOVE]])('two admins who %s each other at once: one succeeds, one admin stays', async (what, mutation) => {
    for (let round = 0; round < 5; round++) {
      const [ann, ben] = users;
      const roleId = await roleWithAdmins(`${what}-${round}`, [ann, ben]);
      const results = await Promise.all([
        server.request(mutation, { u: ben.id, r: roleId }, ann.token),
        server.request(mutation, { u: ann.id, r: roleId }, ben.token),
      ]);
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      expect(results.flatMap((r) => r.errors ?? []).map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(await adminsOf(roleId)).toHaveLength(1);
    }
  });

});
