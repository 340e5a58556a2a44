import { createAdminToken } from '../../src/auth/adminTokens';
import { NAME_SKELETON } from '../../src/appModel/accountNames';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, TEST_PASSWORD } from '../support/users';

const SIGN_UP = `mutation($name: String!, $p: String!) { createUser(input: { username: $name, password: $p }) { changedUser { username } } }`;
const CREATE_ROLE = `mutation($name: String!) { createRole(input: { name: $name }) { changedRole { id name } } }`;

/** docs/api.md#user-and-role-names: names are NFKC-normalised, invisible characters and look-alikes refused. */
describe('user and role names that look like others are refused', () => {
  let server: TestServer;
  let admin: string;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await createAdminToken(server.store, 'names');
    await signUp(server, 'admin');
  });
  afterAll(() => server.stop());

  const signUpAs = (name: string) => server.request(SIGN_UP, { name, p: TEST_PASSWORD });
  const rule = (response: { errors?: { extensions?: Record<string, unknown> }[] }) => [
    response.errors?.[0].extensions?.code,
    response.errors?.[0].extensions?.rule,
  ];
  const usersNamed = async (name: string) =>
    (
      await server.request(
        `query($n: String!) { allUsers(where: { username: { eq: $n } }) { totalCount } }`,
        { n: name },
        admin,
      )
    ).data.allUsers.totalCount as number;

  test.each([
    ['a Cyrillic а in аdmin', '\u0430dmin', 'confusable'],
    ['rn for m', 'adrnin', 'confusable'],
    ['a Cyrillic і in admіn', 'adm\u0456n', 'confusable'],
    ['a zero-width space', 'ad\u200bmin', 'invisible-character'],
    ['a right-to-left override', '\u202enimda', 'invisible-character'],
    ['a trailing space', 'admin ', 'surrounding-space'],
  ])('sign-up with %s is BAD_USER_INPUT naming the rule, and writes nothing', async (_what, name, expected) => {
    const response = await signUpAs(name);
    expect(rule(response)).toEqual(['BAD_USER_INPUT', expected]);
    expect(response.errors?.[0].message).toMatch(/^User\.username /);
    expect(await usersNamed(name)).toBe(0);
  });

  test('the same name is still CONFLICT; a different one passes, NFKC-normalised, and logs in as typed either way', async () => {
    expect((await signUpAs('admin')).errors?.[0].extensions?.code).toBe('CONFLICT');
    // Fullwidth letters are the same name once normalised.
    expect((await signUpAs('ａｄｍｉｎ')).errors?.[0].extensions?.code).toBe('CONFLICT');
    expect((await signUpAs('ｆｉｏｎａ')).data.createUser.changedUser).toEqual({ username: 'fiona' });
    for (const typed of ['fiona', 'ｆｉｏｎａ']) {
      const login = await server.request(
        `mutation($u: String!, $p: String!) { loginUser(input: { username: $u, password: $p }) { token } }`,
        { u: typed, p: TEST_PASSWORD },
      );
      expect(login.data.loginUser.token).toEqual(expect.any(String));
    }
  });

  test('renaming a user to a look-alike is refused; keeping one’s own name is not', async () => {
    const bob = await signUp(server, 'bob');
    const rename = (username: string) =>
      server.request(
        `mutation($id: ID!, $u: String!) { updateUser(input: { id: $id, username: $u }) { changedUser { username } } }`,
        { id: bob.id, u: username },
        bob.token,
      );
    expect(rule(await rename('\u0430dmin'))).toEqual(['BAD_USER_INPUT', 'confusable']);
    expect((await rename('bob')).data.updateUser.changedUser.username).toBe('bob');
    expect((await rename('b\u043eb')).errors).toBeUndefined(); // Cyrillic о: only bob himself looks like it
  });

  test('role names: a look-alike of an existing role is refused on create and rename', async () => {
    const carol = await signUp(server, 'carol');
    expect((await server.request(CREATE_ROLE, { name: 'Reviewers' }, carol.token)).errors).toBeUndefined();
    expect(rule(await server.request(CREATE_ROLE, { name: 'Reviewer\u0455' }, carol.token))).toEqual([
      'BAD_USER_INPUT',
      'confusable',
    ]);
    expect(rule(await server.request(CREATE_ROLE, { name: '\u0430dmin' }, carol.token))).toEqual([
      'BAD_USER_INPUT',
      'confusable',
    ]);
    const other = await server.request(CREATE_ROLE, { name: 'Writers' }, carol.token);
    const renamed = await server.request(
      `mutation($id: ID!) { updateRole(input: { id: $id, name: "Writers" }) { changedRole { name } } }`,
      { id: other.data.createRole.changedRole.id },
      carol.token,
    );
    expect(renamed.errors).toBeUndefined(); // its own name
    const alike = await server.request(
      `mutation($id: ID!) { updateRole(input: { id: $id, name: "R\u0435viewers" }) { changedRole { name } } }`,
      { id: other.data.createRole.changedRole.id },
      carol.token,
    );
    expect(rule(alike)).toEqual(['BAD_USER_INPUT', 'confusable']);
  });

  test('names stored before skeletons existed get theirs at the next start', async () => {
    const dataDir = server.dataDir;
    const users = server.app.models.get('User')!.collection;
    await server.store.insert(users, {
      _id: 'ffffffffffffffffffffff01',
      username: 'legacy',
      createdAt: '2020-01-01T00:00:00.000Z',
      modifiedAt: '2020-01-01T00:00:00.000Z',
    });
    const again = await startTestServer({ dataDir });
    try {
      const [legacy] = await again.store.findByIds(users, ['ffffffffffffffffffffff01']);
      expect(legacy[NAME_SKELETON]).toBe('legacy');
      const response = await again.request(SIGN_UP, { name: 'l\u0435gacy', p: TEST_PASSWORD });
      expect(rule(response)).toEqual(['BAD_USER_INPUT', 'confusable']);
    } finally {
      await again.close();
    }
  });
});
