import { startDocumentsWorld, type DocumentsWorld } from '../permissions/documentsFixture';
import { eventually } from '../support/eventually';
import { connect, serving, settle, subscribe, type SocketClient } from '../support/subscriptions';

/**
 * docs/subscriptions.md#what-you-receive: each event is the subscription judged on the object
 * before and after a commit, each with the grants of its moment. Documents are shared through
 * the many-to-many `collaborators` links, which a RELATION rule reads, so deleting a document,
 * linking and unlinking change who sees it.
 */
describe('events judged before and after each commit', () => {
  let world: DocumentsWorld;
  const sockets: SocketClient[] = [];
  const open = (token: string) => {
    const socket = connect(world.server.url, { token });
    sockets.push(socket);
    return socket;
  };
  const uncollaborate = (documentId: string, userId: string) =>
    world.ok(
      `mutation($d: ID!, $u: ID!) { removeFromDocumentCollaboratorsConnection(input: { documentId: $d, userId: $u }) { clientMutationId } }`,
      { d: documentId, u: userId },
      world.admin,
    );
  const DOCUMENTS = `subscription { subscribeToDocument { mutation node { id title } previousValues { id title } } }`;
  const events = (subscription: { events: { data: Record<string, unknown> }[] }, field: string) =>
    subscription.events.map((event) => event.data[field]);

  beforeAll(async () => {
    world = await startDocumentsWorld();
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.dispose()));
    await eventually(() => (world.server.realtime.subscriptions() === 0 ? true : undefined), 'subscriptions to end');
  });
  afterAll(() => world.server.stop());

  test('deleting a shared document is a DELETE for its collaborators, with what they could see of it', async () => {
    const document = await world.seed('Document', { title: 'shared' });
    await world.collaborate(document, world.alice.id);
    const alice = subscribe(open(world.alice.token), DOCUMENTS);
    const bob = subscribe(open(world.bob.token), DOCUMENTS);
    await serving(world.server, 2);
    await world.ok(
      `mutation($id: ID!) { deleteDocument(input: { id: $id }) { deletedId } }`,
      { id: document },
      world.admin,
    );
    await settle(world.server, sockets);
    expect(events(alice, 'subscribeToDocument')).toEqual([
      { mutation: 'DELETE', node: null, previousValues: { id: document, title: 'shared' } },
    ]);
    expect(alice.events[0].errors).toBeUndefined();
    expect(bob.events).toEqual([]);
  });

  test('linking a collaborator is a CREATE for them, unlinking a DELETE; nothing reaches anyone else', async () => {
    const alice = subscribe(open(world.alice.token), DOCUMENTS);
    const bob = subscribe(open(world.bob.token), DOCUMENTS);
    await serving(world.server, 2);
    const document = await world.seed('Document', { title: 'draft' });
    await world.collaborate(document, world.alice.id);
    await world.ok(
      `mutation($id: ID!) { updateDocument(input: { id: $id, title: "final" }) { clientMutationId } }`,
      { id: document },
      world.admin,
    );
    await uncollaborate(document, world.alice.id);
    await settle(world.server, sockets);
    expect(events(alice, 'subscribeToDocument')).toEqual([
      { mutation: 'CREATE', node: { id: document, title: 'draft' }, previousValues: null },
      { mutation: 'UPDATE', node: { id: document, title: 'final' }, previousValues: { id: document, title: 'draft' } },
      { mutation: 'DELETE', node: null, previousValues: { id: document, title: 'final' } },
    ]);
    expect(bob.events).toEqual([]);
  });

  test('a `where` on a reference stops matching when access to the target is lost, as the query does', async () => {
    const document = await world.seed('Document', { title: 'watched' });
    await world.collaborate(document, world.alice.id);
    const first = await world.seed('Comment', { text: 'first', documentId: document });
    const alice = subscribe(
      open(world.alice.token),
      `subscription($d: ID!) { subscribeToComment(where: { document: { eq: $d } }) { mutation node { text } previousValues { id text } } }`,
      { d: document },
    );
    await serving(world.server, 1);
    await uncollaborate(document, world.alice.id);
    await world.seed('Comment', { text: 'second', documentId: document });
    await settle(world.server, sockets);
    expect(events(alice, 'subscribeToComment')).toEqual([
      { mutation: 'DELETE', node: null, previousValues: { id: first, text: 'first' } },
    ]);
    const query = await world.ok(
      `query($d: ID!) { allComments(where: { document: { eq: $d } }) { totalCount } }`,
      { d: document },
      world.alice.token,
    );
    expect(query.allComments.totalCount).toBe(0);
  });
});
