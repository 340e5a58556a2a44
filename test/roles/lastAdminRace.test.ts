import { createAdminToken } from '../../src/auth/adminTokens';
import type { Store } from '../../src/store/Store';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, type TestUser } from '../support/users';

/**
 * docs/api.md#roles: a role's last admin cannot be removed or demoted except with an admin token, also
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
    const created = await server.request(
      `mutation($n: String!) { createRole(input: { name: $n }) { changedRole { id } } }`,
      { n: name },
      admins[0].token,
    );
    const roleId = created.data.createRole.changedRole.id;
    for (const admin of admins.slice(1)) {
      await server.request(
        `mutation($u: ID!, $r: ID!) { addToUserRolesConnection(input: { userId: $u, roleId: $r, accessLevel: admin }) { clientMutationId } }`,
        { u: admin.id, r: roleId },
        adminToken,
      );
    }
    return roleId;
  }

  async function adminsOf(roleId: string): Promise<string[]> {
    const response = await server.request(
      `query($id: ID!) { getRole(id: $id) { members { edges { accessLevel node { username } } } } }`,
      { id: roleId },
      adminToken,
    );
    return response.data.getRole.members.edges
      .filter((e: { accessLevel: string }) => e.accessLevel === 'admin')
      .map((e: { node: { username: string } }) => e.node.username)
      .sort();
  }

  test.each([
    ['demote', DEMOTE],
    ['remove', REMOVE],
  ])('two admins who %s each other at once: one succeeds, one admin stays', async (what, mutation) => {
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

/**
 * Holds transactions at their start until a second one arrives, then lets them run in the
 * order they came: a deterministic "both requests past their first checks, then both write".
 */
function transactionGate() {
  let armed = false;
  let waiting: (() => void)[] = [];
  let firstArrived: () => void = () => {};
  const gate = {
    arm(): Promise<void> {
      armed = true;
      return new Promise<void>((resolve) => {
        firstArrived = resolve;
      });
    },
    wrap(store: Store): Store {
      return new Proxy(store, {
        get(target, property, receiver) {
          const value = Reflect.get(target, property, receiver);
          if (property !== 'transaction') return typeof value === 'function' ? value.bind(target) : value;
          return async (work: Parameters<Store['transaction']>[0]) => {
            if (armed) {
              await new Promise<void>((resolve) => {
                waiting.push(resolve);
                if (waiting.length === 1) firstArrived();
                if (waiting.length === 2) {
                  armed = false;
                  const run = waiting;
                  waiting = [];
                  run.forEach((go) => go());
                }
              });
            }
            return target.transaction(work);
          };
        },
      });
    },
  };
  return gate;
}

describe("roles: rights are judged inside the write's transaction", () => {
  test('an admin demoted while their own demotion of another waits has no rights left for it', async () => {
    const gate = transactionGate();
    const server = await startTestServer({ wrapStore: (store) => gate.wrap(store) });
    try {
      const adminToken = await createAdminToken(server.store, 'tests');
      const [ann, ben, cy] = [await signUp(server, 'ann'), await signUp(server, 'ben'), await signUp(server, 'cy')];
      const created = await server.request(
        `mutation { createRole(input: { name: "Crew" }) { changedRole { id } } }`,
        undefined,
        ann.token,
      );
      const roleId = created.data.createRole.changedRole.id;
      for (const user of [ben, cy]) {
        await server.request(
          `mutation($u: ID!, $r: ID!) { addToUserRolesConnection(input: { userId: $u, roleId: $r, accessLevel: admin }) { clientMutationId } }`,
          { u: user.id, r: roleId },
          adminToken,
        );
      }
      const DEMOTE = `mutation($u: ID!, $r: ID!) { updateUserRolesConnection(input: { userId: $u, roleId: $r, accessLevel: readwrite }) { clientMutationId } }`;
      const annAtGate = gate.arm();
      const annDemotesBen = server.request(DEMOTE, { u: ben.id, r: roleId }, ann.token);
      await annAtGate;
      // ben is still an admin when his request starts, but ann's demotion of him commits first.
      const benDemotesCy = await server.request(DEMOTE, { u: cy.id, r: roleId }, ben.token);
      expect((await annDemotesBen).errors).toBeUndefined();
      expect(benDemotesCy.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      const members = await server.request(
        `query($id: ID!) { getRole(id: $id) { members(orderBy: [{ field: username }]) { edges { accessLevel node { username } } } } }`,
        { id: roleId },
        adminToken,
      );
      expect(
        members.data.getRole.members.edges.map(
          (e: { accessLevel: string; node: { username: string } }) => `${e.node.username}:${e.accessLevel}`,
        ),
      ).toEqual(['ann:admin', 'ben:readwrite', 'cy:admin']);
    } finally {
      await server.stop();
    }
  });
});
