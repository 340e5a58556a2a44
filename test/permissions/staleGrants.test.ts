import { enroll } from '../support/users';
import { DOCUMENTS_RULES, startDocumentsWorld, type DocumentsWorld } from './documentsFixture';

/**
 * Mutations run one after another, and each is judged by the grants as the writes before it
 * in the same request left them (docs/permissions.md#what-each-operation-checks); leaving a shared object is an update checked
 * before and after.
 */
describe('permissions: grants after a write in the same request', () => {
  let world: DocumentsWorld;
  beforeAll(async () => {
    world = await startDocumentsWorld({
      Document: [
        ...(DOCUMENTS_RULES.Document as unknown[]),
        { scope: 'ROLE', roles: ['Editors'], read: true, update: true },
      ],
      Comment: DOCUMENTS_RULES.Comment,
      // Users may change their own document links, so a collaborator may leave a document.
      User: [
        { scope: 'EVERYONE', create: true },
        { scope: 'RELATION', userFields: ['me'], read: true },
        { scope: 'RELATION', userFields: ['me'], update: true, fields: ['documents'] },
      ],
    });
  });
  afterAll(() => world.server.stop());

  const title = async (id: string) =>
    (await world.ok(`query($id: ID!) { getDocument(id: $id) { title } }`, { id }, world.admin)).getDocument.title;

  test('a collaborator who leaves may not edit the document later in the same request', async () => {
    const doc = await world.seed('Document', { title: 'plan' });
    await world.collaborate(doc, world.bob.id);
    const response = await world.server.request(
      `mutation($d: ID!, $u: ID!) {
      leave: removeFromDocumentCollaboratorsConnection(input: { documentId: $d, userId: $u }) { clientMutationId }
      edit: updateDocument(input: { id: $d, title: "hijacked" }) { changedDocument { title } }
    }`,
      { d: doc, u: world.bob.id },
      world.bob.token,
    );
    expect(response.data.leave).toEqual({ clientMutationId: null });
    expect(response.data.edit).toBeNull();
    expect(response.errors?.map((e) => [e.path?.[0], e.extensions?.code])).toEqual([['edit', 'NOT_FOUND']]);
    expect(await title(doc)).toBe('plan');
  });

  test('a member who leaves a role loses its grants for the rest of the request', async () => {
    const doc = await world.seed('Document', { title: 'handbook' });
    await enroll(world.server, world.admin, world.alice, 'Editors', 'readwrite');
    const editors = (
      await world.ok(
        `{ allRoles(where: { name: { eq: "Editors" } }) { edges { node { id } } } }`,
        undefined,
        world.admin,
      )
    ).allRoles.edges[0].node.id;
    const response = await world.server.request(
      `mutation($r: ID!, $u: ID!, $d: ID!) {
      leave: removeFromUserRolesConnection(input: { roleId: $r, userId: $u }) { clientMutationId }
      edit: updateDocument(input: { id: $d, title: "rewritten" }) { changedDocument { title } }
    }`,
      { r: editors, u: world.alice.id, d: doc },
      world.alice.token,
    );
    expect(response.errors?.map((e) => [e.path?.[0], e.extensions?.code])).toEqual([['edit', 'NOT_FOUND']]);
    expect(await title(doc)).toBe('handbook');
  });

  test('removing a link is checked after too: nobody removes the link their own grant rests on, unless another grant remains', async () => {
    // Users see each other's names here, and nobody holds update on their own relation fields.
    const strict = await startDocumentsWorld({
      ...DOCUMENTS_RULES,
      User: [
        { scope: 'EVERYONE', create: true },
        { scope: 'AUTHENTICATED', read: true, fields: ['username'] },
      ],
    });
    try {
      const doc = await strict.seed('Document', { title: 'shared' });
      await strict.collaborate(doc, strict.alice.id);
      await strict.collaborate(doc, strict.bob.id);
      const remove = (userId: string, token: string) =>
        strict.server.request(
          `mutation($d: ID!, $u: ID!) {
        removeFromDocumentCollaboratorsConnection(input: { documentId: $d, userId: $u }) { clientMutationId } }`,
          { d: doc, u: userId },
          token,
        );
      // Bob's only grant on the document is being a collaborator: after leaving he would hold none.
      expect((await remove(strict.bob.id, strict.bob.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(
        (
          await strict.ok(
            `query($id: ID!) { getDocument(id: $id) { collaborators { totalCount } } }`,
            { id: doc },
            strict.admin,
          )
        ).getDocument.collaborators.totalCount,
      ).toBe(2);
      // Alice keeps her grant after removing bob.
      expect((await remove(strict.bob.id, strict.alice.token)).errors).toBeUndefined();
    } finally {
      await strict.server.stop();
    }
  });

  test('two renames in one request: each payload shows its own name', async () => {
    const created = await world.ok(
      `mutation { createRole(input: { name: "Draft" }) { changedRole { id } } }`,
      undefined,
      world.bob.token,
    );
    const id = created.createRole.changedRole.id;
    const response = await world.ok(
      `mutation($id: ID!) {
      a: updateRole(input: { id: $id, name: "First" }) { changedRole { name } }
      b: updateRole(input: { id: $id, name: "Second" }) { changedRole { name } }
    }`,
      { id },
      world.bob.token,
    );
    expect(response).toEqual({ a: { changedRole: { name: 'First' } }, b: { changedRole: { name: 'Second' } } });
  });
});
