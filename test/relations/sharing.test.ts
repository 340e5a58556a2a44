import { createAdminToken } from '../../src/auth/adminTokens';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, type TestUser } from '../support/users';
import { SHARING_RULES, SHARING_SCHEMA } from './sharingApp';

const ADD = `mutation($d: ID!, $u: ID!) { addToDocumentCollaboratorsConnection(input: { documentId: $d, userId: $u }) {
  changedDocumentCollaborators { document { id } user { id } } } }`;
const REMOVE = `mutation($d: ID!, $u: ID!) { removeFromDocumentCollaboratorsConnection(input: { documentId: $d, userId: $u }) {
  changedDocumentCollaborators { document { id } } } }`;
const MISSING_USER = Buffer.from('User:0123456789abcdef01234567').toString('base64');
const MISSING_DOCUMENT = Buffer.from('Document:0123456789abcdef01234567').toString('base64');

/**
 * docs/api.md and docs/permissions.md: a reference is a write of the side(s) that store it, judged by their rules
 * alone; its target only has to exist. Every refused call below writes nothing.
 */
describe("references are judged by the writer's rights; the target only has to exist", () => {
  let server: TestServer;
  let admin: string;
  let owner: TestUser;
  let friend: TestUser;
  let stranger: TestUser;
  let documentId: string;

  const stored = async () => {
    const app = server.app;
    const links = app.relations.get('DocumentCollaborators')!;
    return {
      links: links.kind === 'manyToMany' ? await server.store.count(links.collection, {}) : -1,
      documents: await server.store.count(app.models.get('Document')!.collection, {}),
      owners: (
        await server.store.find(app.models.get('Document')!.collection, {
          filter: {},
          sort: [{ field: '_id', direction: 1 }],
          limit: 100,
        })
      ).map((doc) => doc.owner),
    };
  };

  beforeAll(async () => {
    server = await startTestServer({ schema: SHARING_SCHEMA, permissions: SHARING_RULES });
    admin = await createAdminToken(server.store, 'sharing');
    [owner, friend, stranger] = [
      await signUp(server, 'owner'),
      await signUp(server, 'friend'),
      await signUp(server, 'stranger'),
    ];
    const created = await server.request(
      `mutation($o: ID!) { createDocument(input: { title: "plan", ownerId: $o }) { changedDocument { id } } }`,
      { o: owner.id },
      owner.token,
    );
    expect(created.errors).toBeUndefined();
    documentId = created.data.createDocument.changedDocument.id;
  });
  afterAll(() => server.stop());

  test('the owner cannot read the friend, yet shares the document with them', async () => {
    const invisible = await server.request(
      `query($id: ID!) { getUser(id: $id) { id } }`,
      { id: friend.id },
      owner.token,
    );
    expect(invisible.data.getUser).toBeNull();
    const shared = await server.request(ADD, { d: documentId, u: friend.id }, owner.token);
    expect(shared.errors).toBeUndefined();
    // The payload still hides what the owner may not see.
    expect(shared.data.addToDocumentCollaboratorsConnection.changedDocumentCollaborators).toEqual({
      document: { id: documentId },
      user: null,
    });
    expect((await stored()).links).toBe(1);
    const seen = await server.request(`{ allDocuments { totalCount edges { node { title } } } }`, {}, friend.token);
    expect(seen.data.allDocuments).toEqual({ totalCount: 1, edges: [{ node: { title: 'plan' } }] });
  });

  test.each([
    ['a stranger adds themselves', () => ({ d: documentId, u: stranger.id }), () => stranger.token],
    ['a stranger adds someone else', () => ({ d: documentId, u: owner.id }), () => stranger.token],
    ['a stranger removes a collaborator', () => ({ d: documentId, u: friend.id }), () => stranger.token],
  ])('FORBIDDEN, nothing written: %s', async (label, variables, token) => {
    const before = await stored();
    const mutation = label.includes('removes') ? REMOVE : ADD;
    const refused = await server.request(mutation, variables(), token());
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await stored()).toEqual(before);
  });

  test('a grant that only the new link would create does not count', async () => {
    // Collaborators may update `collaborators`; the stranger is not one before the link exists.
    const refused = await server.request(ADD, { d: documentId, u: stranger.id }, stranger.token);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // A collaborator may invite, as the rule says.
    const invited = await server.request(ADD, { d: documentId, u: stranger.id }, friend.token);
    expect(invited.errors).toBeUndefined();
    await server.request(REMOVE, { d: documentId, u: stranger.id }, owner.token);
  });

  test('handing the document to someone else is FORBIDDEN and says which field must lead to you', async () => {
    const before = await stored();
    const refused = await server.request(
      `mutation($id: ID!, $o: ID!) { updateDocument(input: { id: $id, ownerId: $o }) { changedDocument { id } } }`,
      { id: documentId, o: friend.id },
      owner.token,
    );
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0].message).toBe(
      'you may not update this Document (owner): RELATION rule 0 of Document grants update only when owner is you',
    );
    const created = await server.request(
      `mutation($o: ID!) { createDocument(input: { title: "forged", ownerId: $o }) { changedDocument { id } } }`,
      { o: friend.id },
      owner.token,
    );
    expect(created.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(created.errors?.[0].message).toMatch(
      /grants create only when owner is you: set ownerId to your own user id/,
    );
    expect(await stored()).toEqual(before);
  });

  test('a reference to an id that does not exist is NOT_FOUND, whoever asks', async () => {
    const before = await stored();
    for (const token of [owner.token, stranger.token, admin]) {
      const link = await server.request(ADD, { d: documentId, u: MISSING_USER }, token);
      expect(link.errors?.[0]).toMatchObject({
        message: `no User with id ${MISSING_USER}`,
        extensions: { code: 'NOT_FOUND' },
      });
      const document = await server.request(ADD, { d: MISSING_DOCUMENT, u: friend.id }, token);
      expect(document.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    }
    const update = await server.request(
      `mutation($id: ID!, $o: ID!) { updateDocument(input: { id: $id, ownerId: $o }) { changedDocument { id } } }`,
      { id: documentId, o: MISSING_USER },
      owner.token,
    );
    expect(update.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const create = await server.request(
      `mutation($o: ID!) { createDocument(input: { title: "x", ownerId: $o }) { changedDocument { id } } }`,
      { o: MISSING_USER },
      owner.token,
    );
    expect(create.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await stored()).toEqual(before);
  });

  test('the owner unshares; the friend no longer sees the document', async () => {
    const removed = await server.request(REMOVE, { d: documentId, u: friend.id }, owner.token);
    expect(removed.errors).toBeUndefined();
    expect(
      (await server.request(`{ allDocuments { totalCount } }`, {}, friend.token)).data.allDocuments.totalCount,
    ).toBe(0);
  });
});
