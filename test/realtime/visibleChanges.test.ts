import { loginAs } from '../support/users';
import { seed, startNotesWorld, NOTES_RULES, type NotesWorld } from '../permissions/fixture';
import { eventually } from '../support/eventually';
import { connect, serving, settle, subscribe, type SocketClient } from '../support/subscriptions';

/**
 * docs/subscriptions.md#what-you-receive: an UPDATE is sent only when a field the subscriber
 * may read changed; which fields changed is itself information. `modifiedAt` is a field like
 * any other: listed when the subscriber's rules cover it.
 */
describe('UPDATE only for changes the subscriber can see', () => {
  let world: NotesWorld;
  const sockets: SocketClient[] = [];
  const open = (token: string) => {
    const socket = connect(world.server.url, { token });
    sockets.push(socket);
    return socket;
  };
  const update = (id: string, input: Record<string, unknown>) =>
    world.server.request(
      `mutation($input: UpdateNoteInput!) { updateNote(input: $input) { clientMutationId } }`,
      { input: { id, ...input } },
      world.admin,
    );
  const NOTES = `subscription { subscribeToNote(mutations: [UPDATE]) { node { title } updatedFields } }`;
  const seen = (subscription: { events: { data: { subscribeToNote: { updatedFields: string[] } } }[] }) =>
    subscription.events.map((event) => [...event.data.subscribeToNote.updatedFields].sort());

  beforeAll(async () => {
    // The project members' rule also lists modifiedAt: they learn when the note last changed.
    const rules = structuredClone(NOTES_RULES);
    rules.Note[2].fields = ['title', 'secret', 'project', 'modifiedAt'];
    world = await startNotesWorld({}, rules);
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.dispose()));
    await eventually(() => (world.server.realtime.subscriptions() === 0 ? true : undefined), 'subscriptions to end');
  });
  afterAll(() => world.server.stop());

  test('a change to fields hidden from a subscriber sends nothing; modifiedAt is listed to whoever may read it', async () => {
    const project = await seed(world, 'Project', { name: 'Apollo' });
    await world.server.request(
      `mutation($p: ID!, $u: ID!) { addToProjectMembersConnection(input: { projectId: $p, userId: $u }) { clientMutationId } }`,
      { p: project, u: world.bob.id },
      world.admin,
    );
    const note = await seed(world, 'Note', {
      title: 'plan',
      secret: 'dawn',
      rating: 1,
      authorId: world.alice.id,
      projectId: project,
    });
    // alice: the author, every field; bob: a member, title, secret and modifiedAt; carol: title only.
    const [alice, bob, carol] = [world.alice, world.bob, world.carol].map((user) => subscribe(open(user.token), NOTES));
    await serving(world.server, 3);
    await update(note, { rating: 2 });
    await update(note, { secret: 'dusk' });
    await update(note, { title: 'plan B' });
    await settle(world.server, sockets);
    expect(seen(alice)).toEqual([
      ['modifiedAt', 'rating'],
      ['modifiedAt', 'secret'],
      ['modifiedAt', 'title'],
    ]);
    expect(seen(bob)).toEqual([['modifiedAt'], ['modifiedAt', 'secret'], ['modifiedAt', 'title']]);
    expect(seen(carol)).toEqual([['title']]);
  });

  test("another user's login changes only fields others may not read: it sends them nothing", async () => {
    const users = `subscription { subscribeToUser { mutation node { username } updatedFields } }`;
    const bob = subscribe(open(world.bob.token), users);
    const alice = subscribe(open(world.alice.token), users);
    await serving(world.server, 2);
    await loginAs(world.server, world.alice.username);
    await settle(world.server, sockets);
    expect(bob.events).toEqual([]);
    // alice may read her own lastLogin.
    expect(alice.events.map((event) => event.data.subscribeToUser.updatedFields)).toEqual([['lastLogin']]);
  });
});
