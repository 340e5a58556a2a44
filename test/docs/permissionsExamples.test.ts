import { createAdminToken } from '../../src/auth/adminTokens';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { enroll, signUp, type TestUser } from '../support/users';
import { permissionsDocExamples } from './permissionsDoc';

/** docs/permissions.md's worked examples behave as the page says, over HTTP. */
describe('the worked examples of docs/permissions.md', () => {
  let server: TestServer;
  let admin: string;
  let ann: TestUser;
  let ceo: TestUser;
  let cfo: TestUser;
  beforeAll(async () => {
    const { schema, rules } = permissionsDocExamples();
    server = await startTestServer({ schema, permissions: rules });
    admin = await createAdminToken(server.store, 'hr');
    ann = await signUp(server, 'ann');
    ceo = await signUp(server, 'ceo');
    cfo = await signUp(server, 'cfo');
    await enroll(server, admin, ceo, 'Executives', 'readwrite');
    await enroll(server, admin, cfo, 'Executives', 'readonly');
    for (const [name, salary, account] of [
      ['Ann', 100, ann.id],
      ['Bo', 90, null],
    ] as const) {
      const created = await server.request(
        `mutation($input: CreateEmployeeInput!) { createEmployee(input: $input) { changedEmployee { id } } }`,
        { input: { name, title: 'Engineer', salary, accountId: account } },
        admin,
      );
      expect(created.errors).toBeUndefined();
    }
  });
  afterAll(() => server.stop());

  const salaries = async (token?: string) => {
    const response = await server.request(
      `{ allEmployees(orderBy: [{ field: name }]) { edges { node { name title salary } } } }`,
      {},
      token,
    );
    return {
      rows: response.data.allEmployees.edges.map((edge: { node: unknown }) => edge.node),
      errors: (response.errors ?? []).map((error) => error.path?.join('.')),
    };
  };

  test('Executives: everyone signed in sees names and titles, only Executives every salary, each employee their own', async () => {
    expect(await salaries(ann.token)).toEqual({
      rows: [
        { name: 'Ann', title: 'Engineer', salary: 100 },
        { name: 'Bo', title: 'Engineer', salary: null },
      ],
      errors: ['allEmployees.edges.1.node.salary'],
    });
    expect((await salaries(ceo.token)).rows.map((row: { salary: number }) => row.salary)).toEqual([100, 90]);
    expect((await salaries(cfo.token)).rows.map((row: { salary: number }) => row.salary)).toEqual([100, 90]);
    expect((await server.request(`{ allEmployees { totalCount } }`)).data.allEmployees.totalCount).toBe(0);
  });

  test('Executives: readwrite members set salaries, readonly members and others may not', async () => {
    const raise = `mutation($id: ID!) { updateEmployee(input: { id: $id, salary: 95 }) { changedEmployee { salary } } }`;
    const [, bo] = (
      await server.request(`{ allEmployees(orderBy: [{ field: name }]) { edges { node { id } } } }`, {}, admin)
    ).data.allEmployees.edges;
    expect(
      (await server.request(raise, { id: bo.node.id }, ceo.token)).data.updateEmployee.changedEmployee.salary,
    ).toBe(95);
    for (const who of [cfo, ann]) {
      const refused = await server.request(raise, { id: bo.node.id }, who.token);
      expect(refused.errors![0].message).toBe(
        'you may not update this Employee (salary): ROLE rule 1 of Employee grants update only to members of Executives (accessLevel readwrite or admin)',
      );
    }
  });

  test('Documents: the owner writes, collaborators read and edit the body, notes follow the document', async () => {
    const refused = await server.request(
      `mutation { createDocument(input: { title: "Plan" }) { changedDocument { id } } }`,
      {},
      ann.token,
    );
    expect(refused.errors![0].message).toMatch(
      /RELATION rule 0 of Document grants create only when owner is you: set ownerId to your own user id/,
    );
    const doc = await server.request(
      `mutation($me: ID!) { createDocument(input: { title: "Plan", ownerId: $me }) { changedDocument { id } } }`,
      { me: ann.id },
      ann.token,
    );
    const id = doc.data.createDocument.changedDocument.id;
    expect(
      (await server.request(`query($id: ID!) { getDocument(id: $id) { title } }`, { id }, ceo.token)).data.getDocument,
    ).toBeNull();
    await server.request(
      `mutation($d: ID!, $u: ID!) { addToDocumentCollaboratorsConnection(input: { documentId: $d, userId: $u }) { clientMutationId } }`,
      { d: id, u: ceo.id },
      ann.token,
    );
    expect(
      (
        await server.request(
          `mutation($id: ID!) { updateDocument(input: { id: $id, body: "Edited" }) { changedDocument { body } } }`,
          { id },
          ceo.token,
        )
      ).data.updateDocument.changedDocument.body,
    ).toBe('Edited');
    expect(
      (
        await server.request(
          `mutation($id: ID!) { updateDocument(input: { id: $id, title: "Mine now" }) { changedDocument { id } } }`,
          { id },
          ceo.token,
        )
      ).errors![0].extensions?.code,
    ).toBe('FORBIDDEN');
    const note = await server.request(
      `mutation($id: ID!) { createNote(input: { text: "LGTM", documentId: $id }) { changedNote { text } } }`,
      { id },
      ceo.token,
    );
    expect(note.data.createNote.changedNote.text).toBe('LGTM');
    const outsider = await server.request(
      `mutation($id: ID!) { createNote(input: { text: "me too", documentId: $id }) { changedNote { text } } }`,
      { id },
      cfo.token,
    );
    // Someone who cannot see the document cannot add to it (refused; the document's existence is not revealed).
    expect(outsider.errors![0].extensions?.code).toMatch(/^(FORBIDDEN|NOT_FOUND)$/);
    const notes = await server.request(
      `query($id: ID!) { getDocument(id: $id) { notes { totalCount } } }`,
      { id },
      ann.token,
    );
    expect(notes.data.getDocument.notes.totalCount).toBe(1);
  });

  test('Notices: anyone reads, an anonymous post is told to sign in', async () => {
    const refused = await server.request(`mutation { createNotice(input: { text: "Hi" }) { changedNotice { id } } }`);
    expect(refused.errors![0].message).toMatch(
      /no token was sent, and AUTHENTICATED rule 1 of Notice grants create to signed-in users: sign in/,
    );
    expect(
      (await server.request(`mutation { createNotice(input: { text: "Hi" }) { changedNotice { id } } }`, {}, ann.token))
        .errors,
    ).toBeUndefined();
    expect((await server.request(`{ allNotices { totalCount } }`)).data.allNotices.totalCount).toBe(1);
  });
});
