import { seed, startNotesWorld, type NotesWorld } from './fixture';

/** docs/permissions.md#what-each-operation-checks writes: create, update (before and after), delete, links; a refused write writes nothing. */
describe('permissions: writes', () => {
  let world: NotesWorld;
  beforeAll(async () => {
    world = await startNotesWorld();
  });
  afterAll(() => world.server.stop());

  const count = async (type: string) =>
    (await world.server.request(`{ all${type} { totalCount } }`, undefined, world.admin)).data[`all${type}`]
      .totalCount as number;
  const createNote = (input: Record<string, unknown>, token?: string) =>
    world.server.request(
      `mutation($input: CreateNoteInput!) { createNote(input: $input) { changedNote { id title } } }`,
      { input },
      token,
    );

  test('RELATION create holds only when the new object leads to the viewer', async () => {
    const before = await count('Notes');
    const own = await createNote({ title: 'mine', authorId: world.bob.id }, world.bob.token);
    expect(own.errors).toBeUndefined();
    expect(own.data.createNote.changedNote.title).toBe('mine');
    for (const input of [{ title: 'forged', authorId: world.alice.id }, { title: 'orphan' }]) {
      const refused = await createNote(input, world.bob.token);
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect(await count('Notes')).toBe(before + 1);
  });

  test('update needs a grant on the object as it is and as it will be', async () => {
    const note = await seed(world, 'Note', { title: 'draft', authorId: world.alice.id });
    const update = (input: Record<string, unknown>, token: string) =>
      world.server.request(
        `mutation($input: UpdateNoteInput!) { updateNote(input: $input) { changedNote { title } } }`,
        { input: { id: note, ...input } },
        token,
      );
    expect((await update({ title: 'final' }, world.alice.token)).data.updateNote.changedNote.title).toBe('final');
    // Bob can see the note (EVERYONE reads titles) but holds no update grant on it.
    expect((await update({ title: 'hijacked' }, world.bob.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // Alice may edit her note, but not hand it to bob: the RELATION grant must still hold after.
    expect((await update({ authorId: world.bob.id }, world.alice.token)).errors?.[0].extensions?.code).toBe(
      'FORBIDDEN',
    );
    const stored = await world.server.request(
      `query($id: ID!) { getNote(id: $id) { title author { id } } }`,
      { id: note },
      world.admin,
    );
    expect(stored.data.getNote).toEqual({ title: 'final', author: { id: world.alice.id } });
  });

  test('delete needs a delete grant; an invisible object is NOT_FOUND', async () => {
    const note = await seed(world, 'Note', { title: 'keep', authorId: world.alice.id });
    const diary = await seed(world, 'Diary', { text: 'private', ownerId: world.alice.id });
    const del = (type: string, id: string, token: string) =>
      world.server.request(`mutation($id: ID!) { delete${type}(input: { id: $id }) { deletedId } }`, { id }, token);
    expect((await del('Note', note, world.bob.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await del('Diary', diary, world.bob.token)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await del('Diary', diary, world.alice.token)).data.deleteDiary.deletedId).toBe(diary);
    expect(
      (await world.server.request(`query($id: ID!) { getNote(id: $id) { id } }`, { id: note }, world.admin)).data
        .getNote,
    ).not.toBeNull();
  });

  test('a many-to-many link needs update at either end, before the link exists', async () => {
    const project = await seed(world, 'Project', { name: 'Zephyr' });
    const link = (userId: string, token: string) =>
      world.server.request(
        `mutation($p: ID!, $u: ID!) { addToProjectMembersConnection(input: { projectId: $p, userId: $u }) { changedProjectMembers { project { name } } } }`,
        { p: project, u: userId },
        token,
      );
    const memberCount = async () =>
      (
        await world.server.request(
          `query($id: ID!) { getProject(id: $id) { members { totalCount } } }`,
          { id: project },
          world.admin,
        )
      ).data.getProject.members.totalCount;
    // Carol is no member: the grant her own membership would create does not count, so she
    // may not link herself (the project exists, so FORBIDDEN, docs/api.md) and nothing is written.
    expect((await link(world.carol.id, world.carol.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await memberCount()).toBe(0);
    await link(world.alice.id, world.admin);
    // Alice is a member, so she may update the project's members: she adds carol.
    const added = await link(world.carol.id, world.alice.token);
    expect(added.errors).toBeUndefined();
    expect(added.data.addToProjectMembersConnection.changedProjectMembers.project.name).toBe('Zephyr');
    expect(await memberCount()).toBe(2);
  });

  test('a create the caller may not read says it was created, with its id, at each payload path', async () => {
    const before = await count('Feedbacks');
    const response = await world.server.request(
      `mutation { createFeedback(input: { text: "anonymous tip" }) { changedFeedback { id text } changedFeedbackEdge { cursor } } }`,
    );
    expect(response.data.createFeedback).toEqual({ changedFeedback: null, changedFeedbackEdge: null });
    expect(response.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['createFeedback', 'changedFeedback'], 'CREATED_NOT_READABLE'],
      [['createFeedback', 'changedFeedbackEdge'], 'CREATED_NOT_READABLE'],
    ]);
    expect(response.errors?.[0].message).toMatch(
      /^the Feedback was created \(id .+\), but the rules do not let you read it/,
    );
    const id = response.errors?.[0].extensions?.id as string;
    const stored = await world.server.request(`query($id: ID!) { getFeedback(id: $id) { text } }`, { id }, world.admin);
    expect(stored.data.getFeedback).toEqual({ text: 'anonymous tip' });
    expect(await count('Feedbacks')).toBe(before + 1);
  });

  test('in a batch, each item the caller may not read is an error at its index, and every item is written', async () => {
    const before = await count('Feedbacks');
    const response = await world.server.request(
      `mutation { createManyFeedbacks(input: { items: [{ text: "one" }, { text: "two" }] }) { changedFeedbacks { id } } }`,
    );
    expect(response.data.createManyFeedbacks.changedFeedbacks).toEqual([null, null]);
    expect(response.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['createManyFeedbacks', 'changedFeedbacks', 0], 'CREATED_NOT_READABLE'],
      [['createManyFeedbacks', 'changedFeedbacks', 1], 'CREATED_NOT_READABLE'],
    ]);
    expect(await count('Feedbacks')).toBe(before + 2);
  });
});
