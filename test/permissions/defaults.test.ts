import { createAdminToken } from '../../src/auth/adminTokens';
import { startTestServer } from '../support/startTestServer';
import { signUp } from '../support/users';
import { NOTES_RULES, NOTES_SCHEMA } from './fixture';

/** docs/permissions.md#types-without-a-rules-file and #mistakes: types without rules, built-in defaults, and rules that stop the server. */
describe('permissions: defaults and validation', () => {
  const { Memo: _none, ...rules } = { Memo: undefined, ...NOTES_RULES };
  void _none;

  const createMemo = `mutation { createMemo(input: { text: "hi" }) { changedMemo { text } } }`;

  test('a type without a rules file is closed by default: only admins read or write it', async () => {
    // An empty variable is an unset one, so this is the product's default, not the test helper's.
    const server = await startTestServer({
      schema: NOTES_SCHEMA,
      permissions: rules,
      env: { PERMISSIONS_DEFAULT: '' },
    });
    try {
      const ann = await signUp(server, 'ann');
      expect((await server.request(createMemo)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await server.request(createMemo, {}, ann.token)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const admin = await createAdminToken(server.store, 'memo-admin');
      expect((await server.request(createMemo, {}, admin)).data.createMemo.changedMemo.text).toBe('hi');
      expect((await server.request(`{ allMemos { totalCount } }`, {}, ann.token)).data.allMemos.totalCount).toBe(0);
      expect((await server.request(`{ allMemos { totalCount } }`, {}, admin)).data.allMemos.totalCount).toBe(1);
    } finally {
      await server.stop();
    }
  });

  test('PERMISSIONS_DEFAULT=open opens it to everyone, and a production start names it in a warning', async () => {
    const lines: { level: number; msg: string; types?: string[] }[] = [];
    const server = await startTestServer({
      schema: NOTES_SCHEMA,
      permissions: rules,
      env: { PERMISSIONS_DEFAULT: 'open', NODE_ENV: 'production' },
      logStream: { write: (line: string) => void lines.push(JSON.parse(line)) },
    });
    try {
      expect((await server.request(createMemo)).data.createMemo.changedMemo.text).toBe('hi');
      expect((await server.request(`{ allMemos { totalCount } }`)).data.allMemos.totalCount).toBe(1);
      const warning = lines.find((line) => line.types !== undefined);
      expect(warning).toMatchObject({ level: 40, types: ['Memo'] });
      expect(warning?.msg).toMatch(/^PERMISSIONS_DEFAULT=open: Memo has no rules file and is open to everyone/);
    } finally {
      await server.stop();
    }
  });

  test('built-in User defaults: users see and edit themselves, not each other', async () => {
    const server = await startTestServer();
    try {
      const ann = await signUp(server, 'ann');
      const ben = await signUp(server, 'ben');
      const read = `query($id: ID!) { getUser(id: $id) { username } }`;
      expect((await server.request(read, { id: ann.id }, ann.token)).data.getUser).toEqual({ username: 'ann' });
      expect((await server.request(read, { id: ann.id }, ben.token)).data.getUser).toBeNull();
      const rename = `mutation($id: ID!) { updateUser(input: { id: $id, displayName: "Ann" }) { changedUser { displayName } } }`;
      expect((await server.request(rename, { id: ann.id }, ann.token)).data.updateUser.changedUser.displayName).toBe(
        'Ann',
      );
      expect((await server.request(rename, { id: ann.id }, ben.token)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
      // Roles are readable by any signed-in user, not by anonymous clients.
      expect((await server.request(`{ allRoles { totalCount } }`, undefined, ben.token)).data.allRoles.totalCount).toBe(
        1,
      );
      expect((await server.request(`{ allRoles { totalCount } }`)).data.allRoles.totalCount).toBe(0);
    } finally {
      await server.stop();
    }
  });

  test.each([
    [
      'a ROLE rule without roles',
      { Note: [{ scope: 'ROLE', read: true }] },
      /Note\.json rule 0: a ROLE rule needs "roles"/,
    ],
    [
      'a user field that does not lead to User',
      { Note: [{ scope: 'RELATION', userFields: ['project'], read: true }] },
      /Note\.json rule 0: user field "project" leads to Project/,
    ],
    ['an unknown type', { Nope: [] }, /Nope\.json: there is no type/],
  ])('the server does not start with %s', async (_name, badRules, message) => {
    await expect(startTestServer({ schema: NOTES_SCHEMA, permissions: badRules })).rejects.toThrow(message);
  });
});
