import type { Relation } from '../../src/appModel/AppModel';
import { linkKeys } from '../../src/appModel/linkKeys';
import { createAdminToken } from '../../src/auth/adminTokens';
import { decodeGlobalId, toGlobalId } from '../../src/resolvers/globalIds';
import type { StoreOperations, StoredDoc } from '../../src/store/Store';
import { startTestServer, type TestServer, type ResponseData } from '../support/startTestServer';
import { signUp, type TestUser } from '../support/users';
import { SHARING_RULES, SHARING_SCHEMA } from './sharingApp';

/** More than the 10,000 ids the old code read before cutting the rest. */
const LINKS = 10_500;
/** What the owner below owns: twice that. */
const OWNED = 20_000;
const PAGE = 100;

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string };
  edges: { node: { id: string } }[];
}

/**
 * Relations at scale (docs/api.md, docs/permissions.md): a many-to-many connection over more links than any cap,
 * and RELATION rules through objects the viewer owns by the ten thousand, all seeded through
 * the store port. Every page is exact: every object is reached once, in order, both ways.
 */
describe('relations at scale', () => {
  let server: TestServer;
  let admin: string;
  let hub: TestUser;
  let owner: TestUser;
  let stranger: TestUser;
  const shared: string[] = [];
  const ownedComments: string[] = [];

  /** Documents created in the order their ids sort, a second apart, so the default order is known. */
  const at = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 1000).toISOString();
  const id = (prefix: string, i: number) => `${prefix}${String(i).padStart(8, '0')}`;

  beforeAll(async () => {
    server = await startTestServer({ schema: SHARING_SCHEMA, permissions: SHARING_RULES });
    admin = await createAdminToken(server.store, 'scale');
    [hub, owner, stranger] = [
      await signUp(server, 'hub'),
      await signUp(server, 'owner'),
      await signUp(server, 'stranger'),
    ];
    const app = server.app;
    const documents = app.models.get('Document')!.collection;
    const comments = app.models.get('Comment')!.collection;
    const relation = app.relations.get('DocumentCollaborators') as Extract<Relation, { kind: 'manyToMany' }>;
    const [documentKey, userKey] = linkKeys(relation, 'Document');
    const hubId = decodeGlobalId(hub.id).id;
    const ownerId = decodeGlobalId(owner.id).id;
    await server.store.transaction(async (tx: StoreOperations) => {
      // The hub collaborates on LINKS documents owned by someone else.
      for (let i = 0; i < LINKS; i++) {
        const doc: StoredDoc = {
          _id: id('s', i),
          title: `shared ${i}`,
          owner: ownerId,
          createdAt: at(i),
          modifiedAt: at(i),
        };
        await tx.insert(documents, doc);
        await tx.insert(relation.collection, {
          _id: id('l', i),
          [documentKey]: doc._id,
          [userKey]: hubId,
          createdAt: at(i),
        });
        shared.push(toGlobalId('Document', doc._id));
      }
      // The owner owns OWNED more documents (LINKS + OWNED in all), one comment on each of the new ones.
      for (let i = 0; i < OWNED; i++) {
        await tx.insert(documents, {
          _id: id('o', i),
          title: `owned ${i}`,
          owner: ownerId,
          createdAt: at(LINKS + i),
          modifiedAt: at(LINKS + i),
        });
        await tx.insert(comments, {
          _id: id('c', i),
          text: `comment ${i}`,
          document: id('o', i),
          createdAt: at(i),
          modifiedAt: at(i),
        });
        ownedComments.push(toGlobalId('Comment', id('c', i)));
      }
    });
  }, 120_000);
  afterAll(() => server.stop());

  async function page(
    query: string,
    variables: Record<string, unknown>,
    token: string,
    pick: (data: ResponseData) => Page,
  ): Promise<Page> {
    const response = await server.request(query, variables, token);
    expect(response.errors).toBeUndefined();
    return pick(response.data);
  }

  /** Walks a connection to its end, forward (`first`/`after`) or backward (`last`/`before`), checking every `pageInfo`. */
  async function walk(
    query: string,
    token: string,
    pick: (data: ResponseData) => Page,
    backward: boolean,
    extra: Record<string, unknown> = {},
  ): Promise<{ ids: string[]; totalCount: number }> {
    const ids: string[] = [];
    let cursor: string | undefined;
    let totalCount = -1;
    for (;;) {
      // totalCount on the first page only: counting is what a client asks once, not per page.
      const count = cursor === undefined;
      const variables = backward
        ? { last: PAGE, before: cursor, count, ...extra }
        : { first: PAGE, after: cursor, count, ...extra };
      const current = await page(query, variables, token, pick);
      if (count) totalCount = current.totalCount;
      const pageIds = current.edges.map((edge) => edge.node.id);
      ids.push(...(backward ? [...pageIds].reverse() : pageIds));
      const more = backward ? current.pageInfo.hasPreviousPage : current.pageInfo.hasNextPage;
      const came = backward ? current.pageInfo.hasNextPage : current.pageInfo.hasPreviousPage;
      expect(came).toBe(cursor !== undefined);
      expect(more).toBe(ids.length < totalCount);
      if (!more) break;
      cursor = backward ? current.pageInfo.startCursor : current.pageInfo.endCursor;
    }
    return { ids: backward ? ids.reverse() : ids, totalCount };
  }

  const SHARED_OF = `query($id: ID!, $first: Int, $after: String, $last: Int, $before: String, $count: Boolean!) { getUser(id: $id) {
    shared(first: $first, after: $after, last: $last, before: $before) { totalCount @include(if: $count) pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { id } } } } }`;
  const MY_SHARED = `query($first: Int, $after: String, $last: Int, $before: String, $count: Boolean!) { viewer { user {
    shared(first: $first, after: $after, last: $last, before: $before) { totalCount @include(if: $count) pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { id } } } } } }`;

  test(`a many-to-many connection over ${LINKS} links pages forward and backward over all of them`, async () => {
    const pick = (data: ResponseData) => data.getUser.shared;
    const forward = await walk(SHARED_OF, admin, pick, false, { id: hub.id });
    expect(forward).toEqual({ ids: shared, totalCount: LINKS });
    const backward = await walk(SHARED_OF, admin, pick, true, { id: hub.id });
    expect(backward).toEqual({ ids: shared, totalCount: LINKS });
  }, 120_000);

  test("the same connection under the viewer's RELATION rules (documents it collaborates on)", async () => {
    const pick = (data: ResponseData) => data.viewer.user.shared;
    expect(await walk(MY_SHARED, hub.token, pick, false)).toEqual({ ids: shared, totalCount: LINKS });
    expect(await walk(MY_SHARED, hub.token, pick, true)).toEqual({ ids: shared, totalCount: LINKS });
    // where and orderBy apply inside the join.
    const filtered = await page(
      `{ viewer { user { shared(first: 3, where: { title: { startsWith: "shared 1049" } }, orderBy: [{ field: title, direction: DESC }]) {
      totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { id } } } } } }`,
      {},
      hub.token,
      pick,
    );
    expect(filtered.totalCount).toBe(11);
    expect(filtered.edges.map((edge) => edge.node.id)).toEqual([shared[10499], shared[10498], shared[10497]]);
  }, 120_000);

  const COMMENTS = `query($first: Int, $after: String, $last: Int, $before: String, $count: Boolean = true) {
    allComments(first: $first, after: $after, last: $last, before: $before) { totalCount @include(if: $count) pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { id } } } }`;

  test(`an owner of ${OWNED + LINKS} documents sees the comments on all of them through document.owner`, async () => {
    const pick = (data: ResponseData) => data.allComments;
    const last = await page(COMMENTS, { last: 3 }, owner.token, pick);
    expect(last.totalCount).toBe(OWNED);
    expect(last.edges.map((edge) => edge.node.id)).toEqual(ownedComments.slice(-3));
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    // The last page is reachable by paging too, and the walk meets every comment once.
    expect(await walk(COMMENTS, owner.token, pick, false)).toEqual({ ids: ownedComments, totalCount: OWNED });
    expect((await page(COMMENTS, { first: 5 }, stranger.token, pick)).totalCount).toBe(0);
  }, 120_000);

  test('a collaborator on thousands of documents sees their comments through document.collaborators', async () => {
    // One comment on each shared document, seeded now.
    const comments = server.app.models.get('Comment')!.collection;
    await server.store.transaction(async (tx: StoreOperations) => {
      for (let i = 0; i < LINKS; i++)
        await tx.insert(comments, {
          _id: id('x', i),
          text: `on shared ${i}`,
          document: id('s', i),
          createdAt: at(OWNED + i),
          modifiedAt: at(OWNED + i),
        });
    });
    const pick = (data: ResponseData) => data.allComments;
    const last = await page(COMMENTS, { last: 2 }, hub.token, pick);
    expect(last.totalCount).toBe(LINKS);
    expect(last.edges.map((edge) => edge.node.id)).toEqual([
      toGlobalId('Comment', id('x', LINKS - 2)),
      toGlobalId('Comment', id('x', LINKS - 1)),
    ]);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    // The owner sees both kinds: through document.owner, every one.
    expect((await page(COMMENTS, { first: 1 }, owner.token, pick)).totalCount).toBe(OWNED + LINKS);
  }, 120_000);
});
