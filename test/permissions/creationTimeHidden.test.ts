import { createAdminToken } from '../../src/auth/adminTokens';
import { decodeGlobalId } from '../../src/resolvers/globalIds';
import { startTestServer, type TestServer } from '../support/startTestServer';

/**
 * A viewer for whom `createdAt` is FORBIDDEN learns it nowhere else: not from the id, not
 * from a cursor; and the payload's edge cursor works as `after` for that same viewer.
 */
describe('permissions: a hidden createdAt stays hidden', () => {
  let server: TestServer;
  let admin: string;
  beforeAll(async () => {
    server = await startTestServer({
      schema: `type Memo @model { text: String }`,
      permissions: { Memo: [{ scope: 'EVERYONE', read: true, create: true, fields: ['text'] }] },
    });
    admin = await createAdminToken(server.store, 'tests');
  });
  afterAll(() => server.stop());

  const create = async (text: string) => {
    const response = await server.request(
      `mutation($t: String) { createMemo(input: { text: $t }) { changedMemo { id } changedMemoEdge { cursor } } }`,
      { t: text },
    );
    expect(response.errors).toBeUndefined();
    return response.data.createMemo as { changedMemo: { id: string }; changedMemoEdge: { cursor: string } };
  };

  test('the id carries no creation time', async () => {
    for (const text of ['one', 'two', 'three']) {
      const { changedMemo } = await create(text);
      const { data } = await server.request(
        `query($id: ID!) { getMemo(id: $id) { createdAt } }`,
        { id: changedMemo.id },
        admin,
      );
      const stored = decodeGlobalId(changedMemo.id).id;
      const createdMs = Date.parse(data.getMemo.createdAt);
      expect(stored).not.toContain(createdMs.toString(16));
      expect(Math.abs(parseInt(stored.slice(0, 12), 16) - createdMs)).toBeGreaterThan(60_000);
    }
  });

  test("the payload cursor names the order this viewer's list uses, and pages from there", async () => {
    const { changedMemoEdge } = await create('anchor');
    const order = JSON.parse(Buffer.from(changedMemoEdge.cursor, 'base64url').toString()).k;
    expect(order).not.toContain('createdAt:1');
    const list = await server.request(
      `query($after: String) { allMemos(after: $after) { edges { cursor node { text } } } }`,
      { after: changedMemoEdge.cursor },
    );
    expect(list.errors).toBeUndefined();
    const all = await server.request(`{ allMemos { edges { cursor node { text } } } }`);
    const anchor = all.data.allMemos.edges.findIndex((e: { node: { text: string } }) => e.node.text === 'anchor');
    expect(list.data.allMemos.edges).toEqual(all.data.allMemos.edges.slice(anchor + 1));
  });
});
