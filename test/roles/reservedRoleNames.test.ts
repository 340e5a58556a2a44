import { createAdminToken } from '../../src/auth/adminTokens';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { enroll, signUp, type TestUser } from '../support/users';

/**
 * docs/api.md#roles: roles named in rules files exist from the first start, with no member, managed by
 * the `admin` role; nobody else may create one or rename a role to (or from) such a name, so
 * nobody takes a rule's grant by naming a role first.
 */
describe('roles: names used by rules files', () => {
  const schema = `type Note @model { text: String }`;
  const permissions = { Note: [{ scope: 'ROLE', roles: ['Executives'], read: true }] };
  let server: TestServer;
  let adminToken: string;
  let mallory: TestUser;

  beforeAll(async () => {
    server = await startTestServer({ schema, permissions });
    adminToken = await createAdminToken(server.store, 'tests');
    mallory = await signUp(server, 'mallory');
    await server.request(
      `mutation { createNote(input: { text: "board minutes" }) { clientMutationId } }`,
      undefined,
      adminToken,
    );
  });
  afterAll(() => server.stop());

  const roles = async () => {
    const response = await server.request(
      `{ allRoles { edges { node { name members { totalCount } } } } }`,
      undefined,
      adminToken,
    );
    return Object.fromEntries(
      response.data.allRoles.edges.map((e: { node: { name: string; members: { totalCount: number } } }) => [
        e.node.name,
        e.node.members.totalCount,
      ]),
    );
  };
  const notesSeenBy = async (user: TestUser) =>
    (await server.request(`{ allNotes { totalCount } }`, undefined, user.token)).data.allNotes.totalCount;
  const CREATE = `mutation($name: String!) { createRole(input: { name: $name }) { changedRole { id name } } }`;
  const RENAME = `mutation($id: ID!, $name: String!) { updateRole(input: { id: $id, name: $name }) { changedRole { name } } }`;

  test('the role a rule names exists from the start, with no member', async () => {
    expect(await roles()).toEqual({ admin: 0, Executives: 0 });
  });

  test('a user may not create it, nor rename their own role to it, nor take its grant', async () => {
    expect((await server.request(CREATE, { name: 'Executives' }, mallory.token)).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    const own = (await server.request(CREATE, { name: 'Mallory fans' }, mallory.token)).data.createRole.changedRole.id;
    expect(
      (await server.request(RENAME, { id: own, name: 'Executives' }, mallory.token)).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
    expect(await roles()).toEqual({ admin: 0, Executives: 0, 'Mallory fans': 1 });
    expect(await notesSeenBy(mallory)).toBe(0);
  });

  test("even the role's own admins may not rename it away (the rule would lose its role); admins may", async () => {
    const boss = await signUp(server, 'boss');
    await enroll(server, adminToken, boss, 'Executives', 'admin');
    expect(await notesSeenBy(boss)).toBe(1);
    const executives = (
      await server.request(
        `{ allRoles(where: { name: { eq: "Executives" } }) { edges { node { id } } } }`,
        undefined,
        adminToken,
      )
    ).data.allRoles.edges[0].node.id;
    expect(
      (await server.request(RENAME, { id: executives, name: 'Execs' }, boss.token)).errors?.[0].extensions?.code,
    ).toBe('FORBIDDEN');
    const renamed = await server.request(RENAME, { id: executives, name: 'Execs' }, adminToken);
    expect(renamed.data.updateRole.changedRole.name).toBe('Execs');
    // Now the name is free, but still reserved: only admins may create it again.
    expect((await server.request(CREATE, { name: 'Executives' }, boss.token)).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await server.request(CREATE, { name: 'Executives' }, adminToken)).errors).toBeUndefined();
  });

  test('a restart keeps one role per name', async () => {
    const again = await startTestServer({ schema, permissions, dataDir: server.dataDir });
    await again.stop();
    const names = Object.keys(await roles()).sort();
    expect(names).toEqual(['Execs', 'Executives', 'Mallory fans', 'admin']);
  });
});
