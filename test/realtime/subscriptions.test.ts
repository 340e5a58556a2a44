import { seed, startNotesWorld, type NotesWorld } from '../permissions/fixture';
import { eventually } from '../support/eventually';
import { startTestServer } from '../support/startTestServer';
import { connect, received, serving, subscribe, type SocketClient } from '../support/subscriptions';

/** docs/subscriptions.md over a real graphql-ws client: events, filters, and each subscriber's rules. */
describe('subscriptions', () => {
  let world: NotesWorld;
  let project: string;
  const sockets: SocketClient[] = [];
  const open = (token?: string) => {
    const socket = connect(world.server.url, token ? { token } : undefined);
    sockets.push(socket);
    return socket;
  };
  const update = (type: string, input: Record<string, unknown>) =>
    world.server.request(
      `mutation($input: Update${type}Input!) { update${type}(input: $input) { clientMutationId } }`,
      { input },
      world.admin,
    );

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

  const NOTES = `subscription($m: [MutationType!], $w: NoteWhereInput) {
    subscribeToNote(mutations: $m, where: $w) { mutation node { id title secret rating } previousValues { id title rating } updatedFields }
  }`;

  test('CREATE, UPDATE and DELETE arrive in commit order with the object before and after', async () => {
    const before = 0;
    const events = subscribe(open(world.alice.token), NOTES);
    await serving(world.server, before + 1);
    const id = await seed(world, 'Note', { title: 'one', rating: 1, authorId: world.alice.id });
    await update('Note', { id, title: 'two' });
    await world.server.request(
      `mutation($id: ID!) { deleteNote(input: { id: $id }) { deletedId } }`,
      { id },
      world.admin,
    );
    const [created, updated, deleted] = (await received(events, 3)).map((r) => r.data.subscribeToNote);
    expect(created).toEqual({
      mutation: 'CREATE',
      node: { id, title: 'one', secret: null, rating: 1 },
      previousValues: null,
      updatedFields: null,
    });
    expect(updated.mutation).toBe('UPDATE');
    expect(updated.node.title).toBe('two');
    expect(updated.previousValues).toEqual({ id, title: 'one', rating: 1 });
    expect([...updated.updatedFields].sort()).toEqual(['modifiedAt', 'title']);
    expect(deleted).toEqual({
      mutation: 'DELETE',
      node: null,
      previousValues: { id, title: 'two', rating: 1 },
      updatedFields: null,
    });
  });

  test('`mutations` and `where` filter; an update that leaves `where` is a DELETE, one that enters it a CREATE', async () => {
    const before = 0;
    const socket = open(world.alice.token);
    const onlyDeletes = subscribe(socket, NOTES, { m: ['DELETE'] });
    const rated = subscribe(socket, NOTES, { w: { rating: { gte: 3 } } });
    await serving(world.server, before + 2);
    const id = await seed(world, 'Note', { title: 'rated', rating: 5, authorId: world.alice.id });
    await seed(world, 'Note', { title: 'low', rating: 1, authorId: world.alice.id }); // never in `where`
    await update('Note', { id, rating: 1 });
    await update('Note', { id, rating: 4 });
    await world.server.request(
      `mutation($id: ID!) { deleteNote(input: { id: $id }) { deletedId } }`,
      { id },
      world.admin,
    );
    const kinds = (await received(rated, 4)).map((r) => [
      r.data.subscribeToNote.mutation,
      r.data.subscribeToNote.node?.rating ?? null,
    ]);
    expect(kinds).toEqual([
      ['CREATE', 5],
      ['DELETE', null],
      ['CREATE', 4],
      ['DELETE', null],
    ]);
    const deletes = await received(onlyDeletes, 1);
    expect(deletes[0].data.subscribeToNote.previousValues.id).toBe(id);
    // Nothing else may come for either: one more write both ignore, then count.
    await seed(world, 'Note', { title: 'after', rating: 0, authorId: world.alice.id });
    const marker = subscribe(socket, NOTES, { w: { title: { eq: 'marker' } } });
    await serving(world.server, before + 3);
    await seed(world, 'Note', { title: 'marker', rating: 0, authorId: world.alice.id });
    await received(marker, 1);
    expect(rated.events).toHaveLength(4);
    expect(onlyDeletes.events).toHaveLength(1);
  });
});

describe('subscriptions over HTTP', () => {
  test('are refused with a pointer to the WebSocket transport', async () => {
    const server = await startTestServer();
    try {
      const response = await server.request('subscription { subscribeToPost { mutation } }');
      expect(response.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
      expect(response.errors?.[0].message).toMatch(/WebSocket/);
    } finally {
      await server.stop();
    }
  });
});

describe('shutdown', () => {
  test('closes sockets with 1001, and /healthz stops answering 200 as soon as it begins', async () => {
    const server = await startTestServer();
    const socket = connect(server.url);
    try {
      await received(subscribe(socket, `{ viewer { user { id } } }`), 1);
      const health = server.url.replace('/graphql', '/healthz');
      expect((await fetch(health)).status).toBe(200);
      const stopping = server.stop();
      // Either the 503 of a server still closing its sockets, or no server at all: never "healthy".
      const status = await fetch(health).then(
        (response) => response.status,
        () => 'refused',
      );
      expect([503, 'refused']).toContain(status);
      await stopping;
      expect(await eventually(() => socket.closes[0]?.code, 'the socket to close')).toBe(1001);
    } finally {
      await socket.dispose();
    }
  });
});
