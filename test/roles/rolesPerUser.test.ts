import { createAdminToken } from '../../src/auth/adminTokens';
import { decodeGlobalId } from '../../src/resolvers/globalIds';
import { MAX_ROLES_PER_USER } from '../../src/permissions/Membership';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, type TestUser } from '../support/users';

/** MAX_ROLES_PER_USER (docs/limits.md): joining past it is refused, and holding more is an error, never a silent cut. */
describe('roles per user', () => {
  let server: TestServer;
  let admin: string;
  let member: TestUser;
  let links: string;
  const storedId = (globalId: string) => decodeGlobalId(globalId).id;
  const memberships = () => server.store.count(links, { user: { $eq: storedId(member.id) } });

  beforeAll(async () => {
    server = await startTestServer();
    admin = await createAdminToken(server.store, 'roles-per-user');
    member = await signUp(server, 'member');
    links = server.app.links.get('UserRoles')!.collection;
    // Seeded through the store port: a thousand memberships over the API would take minutes.
    const now = new Date().toISOString();
    for (let i = 0; i < MAX_ROLES_PER_USER - 1; i++) {
      await server.store.insert(links, {
        _id: `seeded${i}`,
        user: storedId(member.id),
        role: `r${i}`,
        accessLevel: 'readonly',
        createdAt: now,
      });
    }
  });
  afterAll(() => server.stop());

  test('up to the limit, roles are created and joined as usual', async () => {
    const created = await server.request(
      `mutation { createRole(input: { name: "last-one" }) { changedRole { name } } }`,
      {},
      member.token,
    );
    expect(created.errors).toBeUndefined();
    expect(await memberships()).toBe(MAX_ROLES_PER_USER);
  });

  test('one more is BAD_USER_INPUT naming the limit, and writes nothing', async () => {
    const roles = await server.store.count(server.app.models.get('Role')!.collection, {});
    const byCreate = await server.request(
      `mutation { createRole(input: { name: "one-too-many" }) { changedRole { name } } }`,
      {},
      member.token,
    );
    expect(byCreate.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', limit: MAX_ROLES_PER_USER } });
    expect(byCreate.errors?.[0].message).toMatch(/more than 1000 roles \(MAX_ROLES_PER_USER\)/);
    const role = await server.request(
      `mutation { createRole(input: { name: "open-house" }) { changedRole { id } } }`,
      {},
      admin,
    );
    const byAdd = await server.request(
      `mutation($u: ID!, $r: ID!) { addToUserRolesConnection(input: { userId: $u, roleId: $r, accessLevel: readonly }) { changedUserRoles { accessLevel } } }`,
      { u: member.id, r: role.data.createRole.changedRole.id },
      admin,
    );
    expect(byAdd.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await memberships()).toBe(MAX_ROLES_PER_USER);
    expect(await server.store.count(server.app.models.get('Role')!.collection, {})).toBe(roles + 1);
  });

  test('a user who holds more anyway (written to the store directly) gets the error, not a cut', async () => {
    await server.store.insert(links, {
      _id: 'overflow',
      user: storedId(member.id),
      role: 'rX',
      accessLevel: 'readonly',
      createdAt: new Date().toISOString(),
    });
    const response = await server.request(`{ viewer { user { id } } }`, {}, member.token);
    expect(response.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', limit: MAX_ROLES_PER_USER } });
    expect(response.data?.viewer).toBeUndefined();
    expect(response.status).toBe(400);
  });
});
