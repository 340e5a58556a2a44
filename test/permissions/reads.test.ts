import { seed, startNotesWorld, type NotesWorld } from './fixture';
import { enroll } from '../support/users';

/** docs/permissions.md#what-each-operation-checks reads: visibility in the query, field-level grants, no leaks through where/orderBy. */
describe('permissions: reads', () => {
  let world: NotesWorld;
  let project: string;
  let otherProject: string;
  let aliceNote: string;
  let strayNote: string;

  beforeAll(async () => {
    world = await startNotesWorld();
    const { alice, bob } = world;
    project = await seed(world, 'Project', { name: 'Apollo' });
    otherProject = await seed(world, 'Project', { name: 'Gemini' });
    await world.server.request(
      `mutation($p: ID!, $u: ID!) { addToProjectMembersConnection(input: { projectId: $p, userId: $u }) { clientMutationId } }`,
      { p: project, u: bob.id },
      world.admin,
    );
    aliceNote = await seed(world, 'Note', {
      title: 'plan',
      secret: 'launch at dawn',
      rating: 5,
      authorId: alice.id,
      projectId: project,
    });
    strayNote = await seed(world, 'Note', {
      title: 'other',
      secret: 'launch at dawn',
      rating: 1,
      authorId: alice.id,
      projectId: otherProject,
    });
    for (let i = 0; i < 29; i++) await seed(world, 'Diary', { text: `alice ${i}`, ownerId: alice.id });
    await seed(world, 'Diary', { text: 'bob only', ownerId: bob.id });
  });
  afterAll(() => world.server.stop());

  const readNote = `query($id: ID!) { getNote(id: $id) { id title secret rating } }`;

  test.each([
    // who, what they see of alice's note in project Apollo, which fields are FORBIDDEN
    [
      'anonymous (EVERYONE: title only)',
      undefined,
      { title: 'plan', secret: null, rating: null },
      ['secret', 'rating'],
    ],
    [
      'bob, a member of the project (project.members: title, secret)',
      'bob',
      { title: 'plan', secret: 'launch at dawn', rating: null },
      ['rating'],
    ],
    ['alice, the author (every field)', 'alice', { title: 'plan', secret: 'launch at dawn', rating: 5 }, []],
  ] as const)('%s', async (_who, name, expected, forbidden) => {
    const token = name && world[name].token;
    const response = await world.server.request(readNote, { id: aliceNote }, token);
    expect(response.data.getNote).toEqual({ id: aliceNote, ...expected });
    expect((response.errors ?? []).map((e) => [e.path?.at(-1), e.extensions?.code])).toEqual(
      forbidden.map((f) => [f, 'FORBIDDEN']),
    );
  });

  test('a RELATION-filtered list is exact: 1 of 30 diaries, one page, totalCount 1', async () => {
    const query = `{ allDiaries(first: 10) { totalCount edges { node { text } } pageInfo { hasNextPage hasPreviousPage } } }`;
    const bob = await world.server.request(query, undefined, world.bob.token);
    expect(bob.data.allDiaries).toEqual({
      totalCount: 1,
      edges: [{ node: { text: 'bob only' } }],
      pageInfo: { hasNextPage: false, hasPreviousPage: false },
    });
    const alice = await world.server.request(query, undefined, world.alice.token);
    expect(alice.data.allDiaries.totalCount).toBe(29);
    expect(alice.data.allDiaries.pageInfo.hasNextPage).toBe(true);
    const anonymous = await world.server.request(query);
    expect(anonymous.data.allDiaries).toMatchObject({ totalCount: 0, edges: [] });
  });

  test('invisible objects do not exist: get, node and relation fields give null without an error', async () => {
    const aliceDiaries = await world.server.request(
      `{ allDiaries(first: 1) { edges { node { id } } } }`,
      undefined,
      world.alice.token,
    );
    const diaryId = aliceDiaries.data.allDiaries.edges[0].node.id;
    const asBob = await world.server.request(
      `query($id: ID!) { getDiary(id: $id) { id } node(id: $id) { id } nodes(ids: [$id]) { id } }`,
      { id: diaryId },
      world.bob.token,
    );
    expect(asBob).toMatchObject({ data: { getDiary: null, node: null, nodes: [null] } });
    expect(asBob.errors).toBeUndefined();
    // The note's author is a User; anonymous clients may not see users at all.
    const author = await world.server.request(`query($id: ID!) { getNote(id: $id) { title author { username } } }`, {
      id: aliceNote,
    });
    expect(author.data.getNote.author).toBeNull();
  });

  test('where on a field only matches objects whose field the viewer may read', async () => {
    const query = `{ allNotes(where: { secret: { eq: "launch at dawn" } }) { totalCount edges { node { title } } } }`;
    // Both notes hold the secret; bob may read it only on the Apollo note.
    const bob = await world.server.request(query, undefined, world.bob.token);
    expect(bob.data.allNotes).toEqual({ totalCount: 1, edges: [{ node: { title: 'plan' } }] });
    const alice = await world.server.request(query, undefined, world.alice.token);
    expect(alice.data.allNotes.totalCount).toBe(2);
    // Nobody anonymous may read a secret: filtering on it is refused outright.
    const anonymous = await world.server.request(query);
    expect(anonymous.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // Nested in NOT/OR, the same holds: NOT(secret = x) cannot reveal x either.
    const negated = await world.server.request(
      `{ allNotes(where: { NOT: { secret: { eq: "launch at dawn" } } }) { totalCount } }`,
      undefined,
      world.bob.token,
    );
    expect(negated.data.allNotes.totalCount).toBe(1); // the Gemini note: bob cannot read its secret, so it never matched
    void strayNote;
  });

  test('orderBy needs the field readable on every object', async () => {
    const bob = await world.server.request(
      `{ allNotes(orderBy: [{ field: secret }]) { totalCount } }`,
      undefined,
      world.bob.token,
    );
    expect(bob.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const byTitle = await world.server.request(
      `{ allNotes(orderBy: [{ field: title, direction: DESC }]) { edges { node { title } } } }`,
      undefined,
      world.bob.token,
    );
    expect(byTitle.data.allNotes.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual([
      'plan',
      'other',
    ]);
  });

  test('ROLE: readwrite members get what the rule grants; readonly members only its read', async () => {
    const { server, admin, carol } = world;
    await enroll(server, admin, carol, 'Executives', 'readonly');
    const read = await server.request(readNote, { id: aliceNote }, carol.token);
    expect(read.data.getNote).toMatchObject({ secret: 'launch at dawn', rating: 5 });
    const create = await server.request(
      `mutation { createNote(input: { title: "memo" }) { changedNote { id } } }`,
      undefined,
      carol.token,
    );
    expect(create.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const count = await server.request(`{ allNotes { totalCount } }`, undefined, admin);
    expect(count.data.allNotes.totalCount).toBe(2);
  });

  test('admin tokens and admin role members skip every rule', async () => {
    const { server, admin, bob } = world;
    const asToken = await server.request(`{ allDiaries { totalCount } }`, undefined, admin);
    expect(asToken.data.allDiaries.totalCount).toBe(30);
    await enroll(server, admin, bob, 'admin', 'readwrite');
    const asAdminMember = await server.request(`{ allDiaries { totalCount } }`, undefined, bob.token);
    expect(asAdminMember.data.allDiaries.totalCount).toBe(30);
  });
});
