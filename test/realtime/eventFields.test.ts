import { createAdminToken } from '../../src/auth/adminTokens';
import { DOCUMENTS_RULES, startDocumentsWorld, type DocumentsWorld } from '../permissions/documentsFixture';
import { eventually } from '../support/eventually';
import { startTestServer } from '../support/startTestServer';
import { connect, received, serving, settle, subscribe, type SocketClient } from '../support/subscriptions';
import { pngBytes, uploadRequest } from '../support/uploads';

/**
 * docs/subscriptions.md#what-you-receive: an event's fields, nested relations included, are
 * read when it is sent, with a fresh read of the store and of the subscriber's grants.
 */
describe('the fields of each event are read when it is sent', () => {
  let world: DocumentsWorld;
  const sockets: SocketClient[] = [];

  beforeAll(async () => {
    // Collaborators see one another's usernames.
    world = await startDocumentsWorld({
      ...DOCUMENTS_RULES,
      User: [
        { scope: 'EVERYONE', create: true },
        { scope: 'AUTHENTICATED', read: true, fields: ['username'] },
      ],
    });
  });
  afterEach(async () => {
    await Promise.all(sockets.splice(0).map((socket) => socket.dispose()));
    await eventually(() => (world.server.realtime.subscriptions() === 0 ? true : undefined), 'subscriptions to end');
  });
  afterAll(() => world.server.stop());

  test('nested connections show the comments and collaborators of the moment, not those of the first event', async () => {
    const document = await world.seed('Document', { title: 'one' });
    await world.collaborate(document, world.alice.id);
    await world.collaborate(document, world.bob.id);
    const socket = connect(world.server.url, { token: world.alice.token });
    sockets.push(socket);
    const alice = subscribe(
      socket,
      `subscription { subscribeToDocument { node { title
        comments { edges { node { text } } }
        collaborators(orderBy: [{ field: username }]) { edges { node { username } } } } } }`,
    );
    await serving(world.server, 1);
    const rename = (title: string) =>
      world.ok(
        `mutation($id: ID!, $t: String) { updateDocument(input: { id: $id, title: $t }) { clientMutationId } }`,
        { id: document, t: title },
        world.admin,
      );
    await rename('two');
    await received(alice, 1);
    await world.seed('Comment', { text: 'a new comment', documentId: document });
    await world.ok(
      `mutation($d: ID!, $u: ID!) { removeFromDocumentCollaboratorsConnection(input: { documentId: $d, userId: $u }) { clientMutationId } }`,
      { d: document, u: world.bob.id },
      world.admin,
    );
    await rename('three');
    await settle(world.server, sockets);
    const shown = alice.events.map(({ data }) => {
      const node = data.subscribeToDocument.node;
      return [
        node.title,
        node.comments.edges.map((edge: { node: { text: string } }) => edge.node.text),
        node.collaborators.edges.map((edge: { node: { username: string } }) => edge.node.username),
      ];
    });
    expect(shown[0]).toEqual(['two', [], ['alice', 'bob']]);
    expect(shown.at(-1)).toEqual(['three', ['a new comment'], ['alice']]);
  });
});

describe('previousValues on a type with a File field', () => {
  test('holds the file as it was, as a File object, on every event', async () => {
    const server = await startTestServer({
      schema: `type Photo @model { title: String, image: File @upload(accept: ["image/png"], maxSize: "4KB") }`,
    });
    const socket = connect(server.url, {});
    try {
      const admin = await createAdminToken(server.store, 'tests');
      const created = await uploadRequest(
        server,
        `mutation($input: CreatePhotoInput!) { createPhoto(input: $input) { changedPhoto { id } } }`,
        { input: { title: 'before' } },
        [{ at: 'input.image', bytes: pngBytes(100), type: 'image/png', name: 'first.png' }],
        { token: admin },
      );
      expect(created.errors).toBeUndefined();
      const id = created.data.createPhoto.changedPhoto.id as string;
      const photos = subscribe(
        socket,
        `subscription { subscribeToPhoto { mutation previousValues { id title image { name size } } } }`,
      );
      await serving(server, 1);
      const replaced = await uploadRequest(
        server,
        `mutation($input: UpdatePhotoInput!) { updatePhoto(input: $input) { clientMutationId } }`,
        { input: { id, title: 'after' } },
        [{ at: 'input.image', bytes: pngBytes(200), type: 'image/png', name: 'second.png' }],
        { token: admin },
      );
      expect(replaced.errors).toBeUndefined();
      await server.request(`mutation($id: ID!) { deletePhoto(input: { id: $id }) { deletedId } }`, { id }, admin);
      await settle(server, [socket]);
      expect(photos.errors).toEqual([]);
      expect(photos.events).toEqual([
        {
          data: {
            subscribeToPhoto: {
              mutation: 'UPDATE',
              previousValues: { id, title: 'before', image: { name: 'first.png', size: 100 } },
            },
          },
        },
        {
          data: {
            subscribeToPhoto: {
              mutation: 'DELETE',
              previousValues: { id, title: 'after', image: { name: 'second.png', size: 200 } },
            },
          },
        },
      ]);
    } finally {
      await socket.dispose();
      await server.stop();
    }
  });
});
