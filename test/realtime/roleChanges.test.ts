import { createAdminToken } from '../../src/auth/adminTokens';
import { eventually } from '../support/eventually';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { connect, serving, settle, subscribe, type SocketClient } from '../support/subscriptions';
import { enroll, signUp, type TestUser } from '../support/users';

/**
 * docs/subscriptions.md#grant-changes: a membership granted or revoked changes what the member
 * sees, so it is a change of every object the role's rules reach: CREATE for what comes into
 * view, DELETE for what leaves it.
 */
describe('role memberships and subscriptions', () => {
  let server: TestServer;
  let admin: string;
  let dave: TestUser;
  let erin: TestUser;
  const sockets: SocketClient[] = [];
  const seedReport = async (title: string) => {
    const response = await server.request(
      `mutation($t: String!) { createReport(input: { title: $t }) { changedReport { id } } }`,
      { t: title },
      admin,
    );
    return response.data.createReport.changedReport.id as string;
  };

  beforeAll(async () => {
    server = await startTestServer({
      schema: `type Report @model { title: String }`,
      permissions: { Report: [{ scope: 'ROLE', roles: ['Executives'], read: true }] },
    });
    admin = await createAdminToken(server.store, 'tests');
    [dave, erin] = [await signUp(server, 'dave'), await signUp(server, 'erin')];
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.dispose()));
    await eventually(() => (server.realtime.subscriptions() === 0 ? true : undefined), 'subscriptions to end');
  });
  afterAll(() => server.stop());

  test('joining a role brings its objects in as CREATE; leaving it takes them out as DELETE', async () => {
    const reports = [await seedReport('q1'), await seedReport('q2')];
    const query = `subscription { subscribeToReport { mutation node { id title } previousValues { id title } } }`;
    const [forDave, forErin] = [dave, erin].map((user) => {
      const socket = connect(server.url, { token: user.token });
      sockets.push(socket);
      return subscribe(socket, query);
    });
    await serving(server, 2);
    await enroll(server, admin, dave, 'Executives', 'readonly');
    await settle(server, sockets);
    const created = forDave.events.map((event) => event.data.subscribeToReport);
    expect(created.map((event) => event.mutation)).toEqual(['CREATE', 'CREATE']);
    expect(created.map((event) => event.node.id).sort()).toEqual([...reports].sort());

    const role = await server.request(
      `{ allRoles(where: { name: { eq: "Executives" } }) { edges { node { id } } } }`,
      {},
      admin,
    );
    await server.request(
      `mutation($u: ID!, $r: ID!) { removeFromUserRolesConnection(input: { userId: $u, roleId: $r }) { clientMutationId } }`,
      { u: dave.id, r: role.data.allRoles.edges[0].node.id },
      admin,
    );
    await settle(server, sockets);
    const deleted = forDave.events.slice(2).map((event) => event.data.subscribeToReport);
    expect(deleted.map((event) => [event.mutation, event.node])).toEqual([
      ['DELETE', null],
      ['DELETE', null],
    ]);
    expect(deleted.map((event) => event.previousValues.id).sort()).toEqual([...reports].sort());
    expect(forErin.events).toEqual([]);
  });

  test('WS_MAX_GRANT_FANOUT: a grant change reaching more objects ends the subscriptions it concerns with SUBSCRIPTION_RESET', async () => {
    const limited = await startTestServer({
      schema: `type Report @model { title: String }`,
      permissions: { Report: [{ scope: 'ROLE', roles: ['Executives'], read: true }] },
      env: { WS_MAX_GRANT_FANOUT: '2' },
    });
    const sockets: SocketClient[] = [];
    try {
      const token = await createAdminToken(limited.store, 'tests');
      const [frank, gina] = [await signUp(limited, 'frank'), await signUp(limited, 'gina')];
      for (const title of ['q1', 'q2', 'q3'])
        await limited.request(
          `mutation($t: String!) { createReport(input: { title: $t }) { clientMutationId } }`,
          { t: title },
          token,
        );
      const query = `subscription { subscribeToReport { mutation node { title } } }`;
      const [forFrank, forGina] = [frank, gina].map((user) => {
        const socket = connect(limited.url, { token: user.token });
        sockets.push(socket);
        return subscribe(socket, query);
      });
      await serving(limited, 2);
      await enroll(limited, token, frank, 'Executives', 'readonly');
      const [error] = await eventually(() => (forFrank.errors.length > 0 ? forFrank.errors : undefined), 'the reset');
      expect(error).toEqual([
        expect.objectContaining({
          extensions: { code: 'SUBSCRIPTION_RESET', limit: 2, setting: 'WS_MAX_GRANT_FANOUT' },
        }),
      ]);
      expect(forFrank.events).toEqual([]);
      // The grant change did not concern gina: her subscription goes on.
      await settle(limited, sockets);
      expect([forGina.errors, forGina.completed]).toEqual([[], false]);
    } finally {
      await Promise.all(sockets.map((socket) => socket.dispose()));
      await limited.stop();
    }
  });
});
