import { createAdminToken } from '../../src/auth/adminTokens';
import { ROLE_CREATOR, ROLE_INVITATIONS } from '../../src/appModel/builtInSchema';
import { MAX_ROLES_PER_USER } from '../../src/permissions/Membership';
import { decodeGlobalId } from '../../src/resolvers/globalIds';
import { MAX_PENDING_INVITATIONS_PER_ROLE, MAX_PENDING_INVITATIONS_PER_USER } from '../../src/roles/roleInvitations';
import { MAX_ROLES_CREATED_PER_USER } from '../../src/roles/roleWrites';
import type { Filter } from '../../src/store/Store';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { enroll, signUp, type TestUser } from '../support/users';

const ADD = `mutation($u: ID!, $r: ID!, $level: AccessLevel!) {
  addToUserRolesConnection(input: { userId: $u, roleId: $r, accessLevel: $level }) {
    changedUserRoles { accessLevel } invitation { roleId roleName accessLevel user { username } } } }`;
const ACCEPT = `mutation($r: ID!) { acceptRoleInvitation(input: { roleId: $r }) { changedUserRoles { accessLevel role { name } } } }`;
const DECLINE = `mutation($r: ID!) { declineRoleInvitation(input: { roleId: $r }) { changedRoleInvitation { roleName } } }`;
const REMOVE = `mutation($u: ID!, $r: ID!) { removeFromUserRolesConnection(input: { userId: $u, roleId: $r }) { clientMutationId } }`;
const PENDING = `{ viewer { roleInvitations { roleId roleName accessLevel createdAt } } }`;
const MY_ROLES = `{ viewer { user { roles { edges { node { name } } } } } }`;

/** docs/api.md#roles: membership needs the member's consent, except from global admins; every pending pile is bounded. */
describe('role invitations', () => {
  let server: TestServer;
  let admin: string;
  let owner: TestUser;
  let roleId: string;
  const stored = (globalId: string) => decodeGlobalId(globalId).id;
  const codeOf = (response: { errors?: { extensions?: Record<string, unknown> }[] }) =>
    response.errors?.[0].extensions?.code;
  const rolesOf = async (user: TestUser) =>
    (await server.request(MY_ROLES, {}, user.token)).data.viewer.user.roles.edges.map(
      (e: { node: { name: string } }) => e.node.name,
    );
  const now = () => new Date().toISOString();

  beforeAll(async () => {
    server = await startTestServer();
    admin = await createAdminToken(server.store, 'invitations');
    owner = await signUp(server, 'owner');
    const created = await server.request(
      `mutation { createRole(input: { name: "Crew" }) { changedRole { id } } }`,
      {},
      owner.token,
    );
    roleId = created.data.createRole.changedRole.id;
  });
  afterAll(() => server.stop());

  test("a role admin's add is an invitation: listed for the user, no membership until they accept", async () => {
    const ann = await signUp(server, 'ann');
    const invited = await server.request(ADD, { u: ann.id, r: roleId, level: 'readwrite' }, owner.token);
    expect(invited.data.addToUserRolesConnection).toEqual({
      changedUserRoles: null,
      invitation: { roleId, roleName: 'Crew', accessLevel: 'readwrite', user: null },
    });
    expect(await rolesOf(ann)).toEqual([]);
    const pending = (await server.request(PENDING, {}, ann.token)).data.viewer.roleInvitations;
    expect(pending).toEqual([{ roleId, roleName: 'Crew', accessLevel: 'readwrite', createdAt: expect.any(String) }]);
    expect((await server.request(PENDING, {}, owner.token)).data.viewer.roleInvitations).toEqual([]);
    expect((await server.request(PENDING, {})).data.viewer.roleInvitations).toEqual([]);

    // Nobody answers for the user: not anonymous, not the role's admin.
    expect(codeOf(await server.request(ACCEPT, { r: roleId }))).toBe('FORBIDDEN');
    expect(codeOf(await server.request(ACCEPT, { r: roleId }, owner.token))).toBe('NOT_FOUND');

    const accepted = await server.request(ACCEPT, { r: roleId }, ann.token);
    expect(accepted.data.acceptRoleInvitation.changedUserRoles).toEqual({
      accessLevel: 'readwrite',
      role: { name: 'Crew' },
    });
    expect(await rolesOf(ann)).toEqual(['Crew']);
    expect((await server.request(PENDING, {}, ann.token)).data.viewer.roleInvitations).toEqual([]);
    expect(codeOf(await server.request(ACCEPT, { r: roleId }, ann.token))).toBe('NOT_FOUND');
  });

  test('declining drops the invitation and joins nothing; a role admin may withdraw one', async () => {
    const ben = await signUp(server, 'ben');
    await server.request(ADD, { u: ben.id, r: roleId, level: 'admin' }, owner.token);
    expect(codeOf(await server.request(ADD, { u: ben.id, r: roleId, level: 'admin' }, owner.token))).toBe('CONFLICT');
    const declined = await server.request(DECLINE, { r: roleId }, ben.token);
    expect(declined.data.declineRoleInvitation.changedRoleInvitation).toEqual({ roleName: 'Crew' });
    expect(codeOf(await server.request(ACCEPT, { r: roleId }, ben.token))).toBe('NOT_FOUND');
    expect(await rolesOf(ben)).toEqual([]);

    await server.request(ADD, { u: ben.id, r: roleId, level: 'readonly' }, owner.token);
    expect((await server.request(REMOVE, { u: ben.id, r: roleId }, owner.token)).errors).toBeUndefined();
    expect((await server.request(PENDING, {}, ben.token)).data.viewer.roleInvitations).toEqual([]);
    expect(await rolesOf(ben)).toEqual([]);
  });

  test('global admins add directly: an admin token, and a member of the admin role', async () => {
    const cy = await signUp(server, 'cy');
    const direct = await server.request(ADD, { u: cy.id, r: roleId, level: 'readonly' }, admin);
    expect(direct.data.addToUserRolesConnection).toEqual({
      changedUserRoles: { accessLevel: 'readonly' },
      invitation: null,
    });
    expect(await rolesOf(cy)).toEqual(['Crew']);

    const root = await signUp(server, 'root');
    await enroll(server, admin, root, 'admin', 'admin');
    const dee = await signUp(server, 'dee');
    const byAdminMember = await server.request(ADD, { u: dee.id, r: roleId, level: 'readonly' }, root.token);
    expect(byAdminMember.data.addToUserRolesConnection.changedUserRoles).toEqual({ accessLevel: 'readonly' });
  });

  test('pending invitations are bounded per user, and never count toward the membership cap', async () => {
    const eve = await signUp(server, 'eve');
    const links = server.app.links.get('UserRoles')!.collection;
    // Seeded through the store port: as many invitations and memberships as others could pile up.
    for (let i = 0; i < MAX_PENDING_INVITATIONS_PER_USER; i++)
      await server.store.insert(ROLE_INVITATIONS.name, {
        _id: `eve-invite-${i}`,
        user: stored(eve.id),
        role: `r${i}`,
        accessLevel: 'readonly',
        createdAt: now(),
      });
    for (let i = 0; i < MAX_ROLES_PER_USER - 1; i++)
      await server.store.insert(links, {
        _id: `eve-member-${i}`,
        user: stored(eve.id),
        role: `m${i}`,
        accessLevel: 'readonly',
        createdAt: now(),
      });

    const refused = await server.request(ADD, { u: eve.id, r: roleId, level: 'readonly' }, owner.token);
    expect(refused.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', limit: MAX_PENDING_INVITATIONS_PER_USER },
    });
    expect(refused.errors?.[0].message).toMatch(/MAX_PENDING_INVITATIONS_PER_USER/);
    // The admin's grant does not fail because of the invitations others sent.
    const granted = await server.request(ADD, { u: eve.id, r: roleId, level: 'readonly' }, admin);
    expect(granted.errors).toBeUndefined();
    expect(await server.store.count(links, { user: { $eq: stored(eve.id) } })).toBe(MAX_ROLES_PER_USER);
  });

  test('invitations past the per-user bound (a race on MongoDB may let some through) are all listed, none dropped', async () => {
    const jo = await signUp(server, 'jo');
    const count = MAX_PENDING_INVITATIONS_PER_USER + 3;
    for (let i = 0; i < count; i++) {
      const role = await server.request(
        `mutation($n: String!) { createRole(input: { name: $n }) { changedRole { id } } }`,
        { n: `Band ${i}` },
        admin,
      );
      // Seeded through the store port, all at one instant: the listing's order falls back to the id.
      await server.store.insert(ROLE_INVITATIONS.name, {
        _id: `jo-invite-${String(i).padStart(3, '0')}`,
        user: stored(jo.id),
        role: stored(role.data.createRole.changedRole.id),
        accessLevel: 'readonly',
        createdAt: '2026-01-01T00:00:00.000Z',
      });
    }
    const pending = (await server.request(PENDING, {}, jo.token)).data.viewer.roleInvitations;
    expect(pending.map((i: { roleName: string }) => i.roleName)).toEqual(
      Array.from({ length: count }, (_, i) => `Band ${i}`),
    );
  });

  test('pending invitations are bounded per role; a withdrawal makes room', async () => {
    const role = await server.request(
      `mutation { createRole(input: { name: "Busy" }) { changedRole { id } } }`,
      {},
      owner.token,
    );
    const busy = role.data.createRole.changedRole.id;
    const fay = await signUp(server, 'fay');
    for (let i = 0; i < MAX_PENDING_INVITATIONS_PER_ROLE - 1; i++)
      await server.store.insert(ROLE_INVITATIONS.name, {
        _id: `busy-invite-${i}`,
        user: `u${i}`,
        role: stored(busy),
        accessLevel: 'readonly',
        createdAt: now(),
      });
    expect((await server.request(ADD, { u: fay.id, r: busy, level: 'readonly' }, owner.token)).errors).toBeUndefined();
    const gus = await signUp(server, 'gus');
    const refused = await server.request(ADD, { u: gus.id, r: busy, level: 'readonly' }, owner.token);
    expect(refused.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', limit: MAX_PENDING_INVITATIONS_PER_ROLE },
    });
    await server.request(REMOVE, { u: fay.id, r: busy }, owner.token);
    expect((await server.request(ADD, { u: gus.id, r: busy, level: 'readonly' }, owner.token)).errors).toBeUndefined();
  });

  test('deleting a role or a user deletes their invitations', async () => {
    const hal = await signUp(server, 'hal');
    const role = await server.request(
      `mutation { createRole(input: { name: "Short-lived" }) { changedRole { id } } }`,
      {},
      owner.token,
    );
    const shortLived = role.data.createRole.changedRole.id;
    await server.request(ADD, { u: hal.id, r: shortLived, level: 'readonly' }, owner.token);
    await server.request(ADD, { u: hal.id, r: roleId, level: 'readonly' }, owner.token);
    const invitations = (filter: Filter) => server.store.count(ROLE_INVITATIONS.name, filter);
    expect(await invitations({ user: { $eq: stored(hal.id) } })).toBe(2);
    await server.request(
      `mutation($id: ID!) { deleteRole(input: { id: $id }) { deletedId } }`,
      { id: shortLived },
      owner.token,
    );
    expect(await invitations({ role: { $eq: stored(shortLived) } })).toBe(0);
    await server.request(`mutation($id: ID!) { deleteUser(input: { id: $id }) { deletedId } }`, { id: hal.id }, admin);
    expect(await invitations({ user: { $eq: stored(hal.id) } })).toBe(0);
  });

  test('how many roles one user may create is bounded; deleting one makes room; admins are not bounded', async () => {
    const ivy = await signUp(server, 'ivy');
    const roles = server.app.models.get('Role')!.collection;
    for (let i = 0; i < MAX_ROLES_CREATED_PER_USER - 1; i++)
      await server.store.insert(roles, {
        _id: `ivy-role-${i}`,
        name: `ivy ${i}`,
        [ROLE_CREATOR]: stored(ivy.id),
        createdAt: now(),
        modifiedAt: now(),
      });
    const create = (name: string, token: string) =>
      server.request(
        `mutation($n: String!) { createRole(input: { name: $n }) { changedRole { id } } }`,
        { n: name },
        token,
      );
    const last = await create('Ivy last', ivy.token);
    expect(last.errors).toBeUndefined();
    const refused = await create('Ivy more', ivy.token);
    expect(refused.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', limit: MAX_ROLES_CREATED_PER_USER },
    });
    expect(refused.errors?.[0].message).toMatch(/MAX_ROLES_CREATED_PER_USER/);
    await server.request(
      `mutation($id: ID!) { deleteRole(input: { id: $id }) { deletedId } }`,
      { id: last.data.createRole.changedRole.id },
      ivy.token,
    );
    expect((await create('Ivy again', ivy.token)).errors).toBeUndefined();
    expect((await create('By an admin', admin)).errors).toBeUndefined();
  });
});
