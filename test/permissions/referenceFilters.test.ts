import { startDocumentsWorld, type DocumentsWorld } from './documentsFixture';

/**
 * docs/permissions.md#what-each-operation-checks: "A filter on a reference matches only targets the viewer can see." Comments are
 * public, documents are not: a comment's `document` shows null to a non-collaborator, so no
 * filter on it may tell that viewer which document a comment is on.
 */
describe('permissions: where on a reference', () => {
  let world: DocumentsWorld;
  let secret: string;
  let shared: string;

  beforeAll(async () => {
    world = await startDocumentsWorld();
    secret = await world.seed('Document', { title: 'merger plans' });
    shared = await world.seed('Document', { title: 'team wiki' });
    await world.collaborate(secret, world.alice.id);
    await world.collaborate(shared, world.alice.id);
    await world.collaborate(shared, world.bob.id);
    await world.seed('Comment', { text: 'on the merger', documentId: secret });
    await world.seed('Comment', { text: 'on the wiki', documentId: shared });
    await world.seed('Comment', { text: 'on nothing' });
  });
  afterAll(() => world.server.stop());

  const texts = async (where: Record<string, unknown>, token?: string) => {
    const data = await world.ok(
      `query($where: CommentWhereInput) { allComments(where: $where) { totalCount edges { node { text } } } }`,
      { where },
      token,
    );
    return {
      count: data.allComments.totalCount,
      texts: data.allComments.edges.map((e: { node: { text: string } }) => e.node.text).sort(),
    };
  };

  test("bob sees every comment, and the merger comment's document as null", async () => {
    const data = await world.ok(
      `{ allComments { edges { node { text document { title } } } } }`,
      undefined,
      world.bob.token,
    );
    expect(data.allComments.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { text: 'on the merger', document: null },
      { text: 'on the wiki', document: { title: 'team wiki' } },
      { text: 'on nothing', document: null },
    ]);
  });

  test.each([
    // where, what bob (collaborator on the wiki only) gets, what alice (on both) gets
    ['eq an invisible document', () => ({ document: { eq: secret } }), [], ['on the merger']],
    [
      'in [invisible, visible]',
      () => ({ document: { in: [secret, shared] } }),
      ['on the wiki'],
      ['on the merger', 'on the wiki'],
    ],
    [
      'ne an invisible document',
      () => ({ document: { ne: secret } }),
      ['on nothing', 'on the merger', 'on the wiki'],
      ['on nothing', 'on the wiki'],
    ],
    [
      'notIn [invisible]',
      () => ({ document: { notIn: [secret] } }),
      ['on nothing', 'on the merger', 'on the wiki'],
      ['on nothing', 'on the wiki'],
    ],
    [
      'NOT eq an invisible document',
      () => ({ NOT: { document: { eq: secret } } }),
      ['on nothing', 'on the merger', 'on the wiki'],
      ['on nothing', 'on the wiki'],
    ],
  ])('%s', async (_what, where, asBob, asAlice) => {
    expect(await texts(where(), world.bob.token)).toEqual({ count: asBob.length, texts: asBob });
    expect(await texts(where(), world.alice.token)).toEqual({ count: asAlice.length, texts: asAlice });
  });

  test('isNull agrees with what the field shows', async () => {
    expect(await texts({ document: { isNull: true } }, world.bob.token)).toEqual({
      count: 2,
      texts: ['on nothing', 'on the merger'],
    });
    expect(await texts({ document: { isNull: false } }, world.bob.token)).toEqual({ count: 1, texts: ['on the wiki'] });
    expect(await texts({ document: { isNull: true } }, world.alice.token)).toEqual({ count: 1, texts: ['on nothing'] });
  });

  test('a deleted target shows null, and isNull says so', async () => {
    const gone = await world.seed('Document', { title: 'scratch' });
    await world.collaborate(gone, world.bob.id);
    await world.seed('Comment', { text: 'on scratch', documentId: gone });
    await world.ok(
      `mutation($id: ID!) { deleteDocument(input: { id: $id }) { deletedId } }`,
      { id: gone },
      world.admin,
    );
    expect(await texts({ document: { isNull: true } }, world.bob.token)).toEqual({
      count: 3,
      texts: ['on nothing', 'on scratch', 'on the merger'],
    });
    expect(await texts({ document: { eq: gone } }, world.bob.token)).toEqual({ count: 0, texts: [] });
    // Also where every target is visible: the reference left behind shows null to an admin too.
    const asAdmin = await texts({ document: { isNull: true } }, world.admin);
    expect(asAdmin.texts).toContain('on scratch');
    expect((await texts({ document: { isNull: false } }, world.admin)).texts).not.toContain('on scratch');
  });
});
