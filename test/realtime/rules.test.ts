import { seed, startNotesWorld, type NotesWorld } from '../permissions/fixture';
import { eventually } from '../support/eventually';
import { connect, received, serving, subscribe, type SocketClient } from '../support/subscriptions';

/**
 * docs/subscriptions.md with the rules of docs/permissions.md: each subscriber gets what a query would give them. Notes: title
 * for EVERYONE, title and secret for project members, everything for the author. Diaries:
 * only their owner sees them.
 */
describe('subscriptions under the rules', () => {
  let world: NotesWorld;
  let project: string;
  const sockets: SocketClient[] = [];
  const open = (token?: string) => {
    const socket = connect(world.server.url, token ? { token } : undefined);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    world = await startNotesWorld();
    project = await seed(world, 'Project', { name: 'Apollo' });
    await world.server.request(
      `mutation($p: ID!, $u: ID!) { addToProjectMembersConnection(input: { projectId: $p, userId: $u }) { clientMutationId } }`,
      { p: project, u: world.bob.id },
      world.admin,
    );
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.dispose()));
    await eventually(() => (world.server.realtime.subscriptions() === 0 ? true : undefined), 'subscriptions to end');
  });
  afterAll(() => world.server.stop());

  test('the author, a collaborator and a stranger each get the fields their rules allow, the rest null with FORBIDDEN', async () => {
    const query = `subscription { subscribeToNote { mutation node { title secret rating } } }`;
    const [alice, bob, carol] = [world.alice, world.bob, world.carol].map((user) => subscribe(open(user.token), query));
    await serving(world.server, 3);
    await seed(world, 'Note', {
      title: 'plan',
      secret: 'dawn',
      rating: 5,
      authorId: world.alice.id,
      projectId: project,
    });
    const seen = async (subscription: typeof alice) => {
      const [result] = await received(subscription, 1);
      return {
        node: result.data.subscribeToNote.node,
        forbidden: (result.errors ?? [])
          .map((e: { path: string[]; extensions: { code: string } }) => `${e.path.at(-1)}:${e.extensions.code}`)
          .sort(),
      };
    };
    expect(await seen(alice)).toEqual({ node: { title: 'plan', secret: 'dawn', rating: 5 }, forbidden: [] });
    expect(await seen(bob)).toEqual({
      node: { title: 'plan', secret: 'dawn', rating: null },
      forbidden: ['rating:FORBIDDEN'],
    });
    expect(await seen(carol)).toEqual({
      node: { title: 'plan', secret: null, rating: null },
      forbidden: ['rating:FORBIDDEN', 'secret:FORBIDDEN'],
    });
  });

  test('nothing is sent about objects a subscriber never sees; a change of owner is a DELETE for one and a CREATE for the other', async () => {
    const query = `subscription { subscribeToDiary { mutation node { id text } previousValues { id } } }`;
    const [alice, bob, carol] = [world.alice, world.bob, world.carol].map((user) => subscribe(open(user.token), query));
    const anonymous = subscribe(open(), query);
    await serving(world.server, 4);
    const diary = await seed(world, 'Diary', { text: 'dear diary', ownerId: world.alice.id });
    await world.server.request(
      `mutation($id: ID!, $bob: ID!) { updateDiary(input: { id: $id, ownerId: $bob }) { clientMutationId } }`,
      { id: diary, bob: world.bob.id },
      world.admin,
    );
    expect((await received(alice, 2)).map((r) => r.data.subscribeToDiary.mutation)).toEqual(['CREATE', 'DELETE']);
    expect((await received(bob, 1)).map((r) => r.data.subscribeToDiary)).toEqual([
      { mutation: 'CREATE', node: { id: diary, text: 'dear diary' }, previousValues: null },
    ]);
    // A write carol may see closes the window: everything before it has been judged for her.
    const marker = subscribe(open(world.carol.token), `subscription { subscribeToDiary { mutation } }`);
    await serving(world.server, 5);
    await seed(world, 'Diary', { text: 'carol', ownerId: world.carol.id });
    await received(marker, 1);
    expect(carol.events.map((r) => r.data.subscribeToDiary.node.text)).toEqual(['carol']);
    expect(anonymous.events).toEqual([]);
  });

  test('`where` on a field the subscriber may not read is refused, as in a query', async () => {
    const refused = subscribe(
      open(),
      `subscription { subscribeToDiary(where: { text: { startsWith: "a" } }) { mutation } }`,
    );
    const errors = await eventually(
      () =>
        refused.events.length > 0 || refused.errors.length > 0 ? [...refused.events, ...refused.errors] : undefined,
      'the refusal',
    );
    expect(JSON.stringify(errors)).toContain('FORBIDDEN');
  });

  test('a new membership takes effect for an open subscription: notes of a project joined later arrive with the member fields', async () => {
    const subscription = subscribe(
      open(world.carol.token),
      `subscription { subscribeToNote(where: { title: { eq: "joined" } }) { node { title secret } } }`,
    );
    await serving(world.server, 1);
    await world.server.request(
      `mutation($p: ID!, $u: ID!) { addToProjectMembersConnection(input: { projectId: $p, userId: $u }) { clientMutationId } }`,
      { p: project, u: world.carol.id },
      world.admin,
    );
    await seed(world, 'Note', { title: 'joined', secret: 'for members', authorId: world.alice.id, projectId: project });
    const [event] = await received(subscription, 1);
    expect(event.data.subscribeToNote.node).toEqual({ title: 'joined', secret: 'for members' });
  });
});
