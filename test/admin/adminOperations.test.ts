import { buildClientSchema, printSchema, type IntrospectionSchema } from 'graphql';
import { createAdminToken } from '../../src/auth/adminTokens';
import { MAX_ADMIN_TOKEN_NAME_LENGTH } from '../../src/adminApi/adminMutations';
import { runCli } from '../support/runCli';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { enroll, signUp, type TestUser } from '../support/users';

/** One request per admin operation, each selecting enough to prove it answered. */
const OPERATIONS: Record<string, { query: string; variables?: Record<string, unknown> }> = {
  adminTokens: { query: '{ adminTokens { name } }' },
  permissionMatrix: { query: '{ permissionMatrix { type } }' },
  explainAccess: { query: '{ explainAccess(type: "Post") { viewer } }' },
  schemaSdl: { query: '{ schemaSdl }' },
  schemaIntrospection: { query: '{ schemaIntrospection }' },
  schemaCheck: {
    query: 'query($s: String!) { schemaCheck(schema: $s) { fits } }',
    variables: { s: 'type A @model { a: String }' },
  },
  createViewAsToken: { query: 'mutation { createViewAsToken(input: {}) { token } }' },
  createAdminToken: {
    query: 'mutation($name: String!) { createAdminToken(input: { name: $name }) { token } }',
    variables: { name: 'x' },
  },
  revokeAdminToken: { query: 'mutation { revokeAdminToken(input: { name: "nobody" }) { revokedName } }' },
};
const QUERIES = ['adminTokens', 'permissionMatrix', 'explainAccess', 'schemaSdl', 'schemaIntrospection', 'schemaCheck'];

describe('the admin operations (docs/api.md#admin-operations)', () => {
  let server: TestServer;
  let adminToken: string;
  let ada: TestUser;
  let boss: TestUser;
  let auditor: TestUser;
  let adaPost: string;
  let bossViewAs: string;
  let tokenNames = 0;

  beforeAll(async () => {
    server = await startTestServer({ permissions: 'example' });
    adminToken = await createAdminToken(server.store, 'tests');
    ada = await signUp(server, 'ada');
    boss = await signUp(server, 'boss');
    auditor = await signUp(server, 'auditor');
    await enroll(server, adminToken, boss, 'admin', 'readwrite');
    await enroll(server, adminToken, auditor, 'admin', 'readonly');
    const created = await server.request(
      `mutation($a: ID) { createPost(input: { title: "Ada's", slug: "adas", views: 7, authorId: $a }) { changedPost { id } } }`,
      { a: ada.id },
      ada.token,
    );
    adaPost = created.data.createPost.changedPost.id;
    const viewAs = await server.request(
      'mutation($u: ID) { createViewAsToken(input: { userId: $u }) { token } }',
      { u: boss.id },
      adminToken,
    );
    bossViewAs = viewAs.data.createViewAsToken.token;
  });
  afterAll(() => server?.stop());

  /** A fresh name per request, so the createAdminToken cases never collide. */
  function run(operation: string, token: string | undefined) {
    const { query, variables } = OPERATIONS[operation];
    const vars = operation === 'createAdminToken' ? { name: `t${tokenNames++}` } : variables;
    return server.request(query, vars, token);
  }

  const WHO: [string, () => string | undefined, (operation: string) => boolean][] = [
    ['an anonymous client', () => undefined, () => false],
    ['a signed-in user', () => ada.token, () => false],
    ['a readonly member of the admin role', () => auditor.token, (op) => QUERIES.includes(op)],
    ['a readwrite member of the admin role', () => boss.token, () => true],
    ['an admin token', () => adminToken, () => true],
    ["a view-as token of an admin's", () => bossViewAs, () => false],
  ];

  test.each(WHO)('%s', async (_who, token, may) => {
    const outcomes: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const operation of Object.keys(OPERATIONS)) {
      const response = await run(operation, token());
      outcomes[operation] = response.errors?.[0]?.extensions?.code ?? 'answered';
      // revokeAdminToken of a name that does not exist answers NOT_FOUND: past the admin check.
      expected[operation] = may(operation)
        ? operation === 'revokeAdminToken'
          ? 'NOT_FOUND'
          : 'answered'
        : 'FORBIDDEN';
    }
    expect(outcomes).toEqual(expected);
  });

  test('explainAccess: an anonymous read of Role is denied, and says which rule would grant it', async () => {
    const response = await server.request(
      `{ explainAccess(type: "Role") { viewer operations { operation decision reason rules explanation } } }`,
      {},
      adminToken,
    );
    expect(response.errors).toBeUndefined();
    const read = response.data.explainAccess.operations.find((o: { operation: string }) => o.operation === 'read');
    expect(response.data.explainAccess.viewer).toBe('an anonymous client');
    expect(read).toMatchObject({ decision: 'DENIED', rules: [] });
    expect(read.reason).toMatch(/^no rule in .*Role\.json grants read on Role to an anonymous client$/);
    expect(read.explanation).toContain('  rule 0 (AUTHENTICATED): does not apply: not signed in');
  });

  test('explainAccess on one Post: anonymous reads it partly (views masked); its author may update all of it', async () => {
    const query = `query($u: ID, $o: ID) { explainAccess(userId: $u, type: "Post", objectId: $o) {
      objectId operations { operation decision reason rules fields { field allowed rules } } } }`;
    const anonymous = await server.request(query, { o: adaPost }, adminToken);
    expect(anonymous.errors).toBeUndefined();
    const read = anonymous.data.explainAccess.operations[0];
    expect(read).toMatchObject({ operation: 'read', decision: 'PARTLY', rules: ['rule 0 (EVERYONE)'] });
    expect(read.fields).toContainEqual({ field: 'views', allowed: false, rules: [] });
    expect(read.fields).toContainEqual({ field: 'title', allowed: true, rules: ['rule 0 (EVERYONE)'] });
    expect(read.reason).toBe('granted by rule 0 (EVERYONE); no rule grants views');

    const author = await server.request(query, { u: ada.id, o: adaPost }, adminToken);
    const byOperation = Object.fromEntries(
      author.data.explainAccess.operations.map((o: { operation: string; decision: string; rules: string[] }) => [
        o.operation,
        [o.decision, o.rules],
      ]),
    );
    expect(byOperation).toEqual({
      read: ['ALLOWED', ['rule 0 (EVERYONE)', 'rule 1 (RELATION via author)']],
      create: ['ALLOWED', ['rule 1 (RELATION via author)']],
      update: ['ALLOWED', ['rule 1 (RELATION via author)']],
      delete: ['ALLOWED', ['rule 1 (RELATION via author)']],
    });
    const admin = await server.request(query, { u: boss.id, o: adaPost }, adminToken);
    expect(admin.data.explainAccess.operations[2]).toMatchObject({
      decision: 'ALLOWED',
      reason: 'user boss is an admin: every rule is skipped',
    });
    const auditorRead = (await server.request(query, { u: auditor.id, o: adaPost }, adminToken)).data.explainAccess
      .operations[0];
    expect(auditorRead.decision).toBe('ALLOWED');
    expect(auditorRead.rules[0]).toBe('the built-in admin role (readonly members read everything)');
  });

  test('explainAccess on a type: a RELATION grant is CONDITIONAL', async () => {
    const response = await server.request(
      `query($u: ID) { explainAccess(userId: $u, type: "Post") { operations { operation decision reason } } }`,
      { u: ada.id },
      adminToken,
    );
    expect(response.data.explainAccess.operations[2]).toEqual({
      operation: 'update',
      decision: 'CONDITIONAL',
      reason: 'only on the Posts where rule 1 (RELATION via author) holds for user ada',
    });
  });

  test.each<[string, { type: string; userId?: string }, string, string]>([
    ['an unknown type', { type: 'Nope' }, 'BAD_USER_INPUT', 'there is no type named Nope'],
    ['a malformed user id', { type: 'Post', userId: 'zzz' }, 'BAD_USER_INPUT', '"zzz" is not a valid User id'],
    ['a Post id as the user', { type: 'Post', userId: 'POST' }, 'BAD_USER_INPUT', 'is not a valid User id'],
    ['a user that does not exist', { type: 'Post', userId: 'GONE' }, 'NOT_FOUND', 'no User with id'],
  ])('explainAccess refuses %s', async (_what, args, code, message) => {
    const variables = {
      ...args,
      userId:
        args.userId === 'POST'
          ? adaPost
          : args.userId === 'GONE'
            ? Buffer.from(`User:${'0'.repeat(24)}`).toString('base64')
            : args.userId,
    };
    const response = await server.request(
      'query($type: String!, $userId: ID) { explainAccess(type: $type, userId: $userId) { viewer } }',
      variables,
      adminToken,
    );
    expect(response.errors?.[0]?.extensions?.code).toBe(code);
    expect(response.errors?.[0]?.message).toContain(message);
  });

  test('permissionMatrix lists each rule of permissions/Post.json as compiled', async () => {
    const response = await server.request(
      '{ permissionMatrix { type source fields rules { index label scope roles userFields operations fields } } }',
      {},
      adminToken,
    );
    const post = response.data.permissionMatrix.find((t: { type: string }) => t.type === 'Post');
    expect(post.source).toMatch(/Post\.json$/);
    expect(post.fields).toEqual(expect.arrayContaining(['id', 'title', 'views', 'author', 'tags']));
    expect(post.rules).toEqual([
      {
        index: 0,
        label: 'rule 0 (EVERYONE)',
        scope: 'EVERYONE',
        roles: [],
        userFields: [],
        operations: ['read'],
        fields: ['title', 'slug', 'body', 'published', 'author', 'comments', 'tags', 'createdAt', 'modifiedAt'],
      },
      {
        index: 1,
        label: 'rule 1 (RELATION via author)',
        scope: 'RELATION',
        roles: [],
        userFields: ['author'],
        operations: ['read', 'create', 'update', 'delete'],
        fields: null,
      },
      {
        index: 2,
        label: 'rule 2 (ROLE Editors)',
        scope: 'ROLE',
        roles: ['Editors'],
        userFields: [],
        operations: ['read', 'update', 'delete'],
        fields: null,
      },
    ]);
    const user = response.data.permissionMatrix.find((t: { type: string }) => t.type === 'User');
    expect(user.fields).toContain('password');
    expect(response.data.permissionMatrix.map((t: { type: string }) => t.type)).toContain('UserRoles');
  });

  test('schemaSdl is what `npm run schema -- print` writes', async () => {
    const [response, printed] = await Promise.all([
      server.request('{ schemaSdl }', {}, adminToken),
      runCli('schema.ts', ['print'], {}),
    ]);
    expect(printed.code).toBe(0);
    expect(response.data.schemaSdl).toBe(printed.stdout.trimEnd());
  });

  test('schemaCheck: a new @unique over duplicates is refused with its count; a broken schema names its line', async () => {
    for (const slug of ['one', 'two'])
      await server.request(
        `mutation { createPost(input: { title: "Same", slug: "${slug}" }) { clientMutationId } }`,
        {},
        adminToken,
      );
    const current = (await import('node:fs')).readFileSync('schema.graphql', 'utf8');
    const query =
      'query($s: String!) { schemaCheck(schema: $s) { fits startRefused firstCheck summary findings { severity subject count message fix } } }';
    const same = await server.request(query, { s: current }, adminToken);
    expect(same.data.schemaCheck).toMatchObject({ fits: true, startRefused: false, findings: [] });

    const unique = await server.request(
      query,
      { s: current.replace('title: String!', 'title: String! @unique') },
      adminToken,
    );
    expect(unique.errors).toBeUndefined();
    expect(unique.data.schemaCheck).toMatchObject({
      fits: false,
      startRefused: true,
      firstCheck: false,
      summary: 'the server would refuse to start: 1 change cannot be applied',
    });
    expect(unique.data.schemaCheck.findings).toEqual([
      expect.objectContaining({ severity: 'stop', subject: 'Post.title', count: 2 }),
    ]);

    const broken = await server.request(query, { s: 'type Post @model {\n  title: Strin\n}' }, adminToken);
    expect(broken.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', line: 2 });
    expect(broken.errors?.[0]?.message).toMatch(/^proposed schema\.graphql:2: /);
  });

  test('admin tokens: created once, listed with last use, names unique and bounded, revoked at once', async () => {
    const create =
      'mutation($name: String!) { createAdminToken(input: { name: $name }) { token adminToken { name createdAt lastUsedAt } } }';
    const made = await server.request(create, { name: 'console-made' }, adminToken);
    expect(made.errors).toBeUndefined();
    const { token, adminToken: info } = made.data.createAdminToken;
    expect(token).toMatch(/^gk_admin_/);
    expect(info).toMatchObject({ name: 'console-made', lastUsedAt: null });

    expect((await server.request('{ viewer { user { id } } }', {}, token)).errors).toBeUndefined();
    const listed = await server.request('{ adminTokens { name createdAt lastUsedAt } }', {}, adminToken);
    const entry = listed.data.adminTokens.find((t: { name: string }) => t.name === 'console-made');
    expect(entry.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed.data)).not.toContain(token);

    const again = await server.request(create, { name: 'console-made' }, adminToken);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', fields: ['name'] });
    for (const name of ['  ', 'x'.repeat(MAX_ADMIN_TOKEN_NAME_LENGTH + 1)]) {
      const refused = await server.request(create, { name }, adminToken);
      expect(refused.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        limit: MAX_ADMIN_TOKEN_NAME_LENGTH,
      });
    }
    const longest = await server.request(create, { name: 'x'.repeat(MAX_ADMIN_TOKEN_NAME_LENGTH) }, adminToken);
    expect(longest.errors).toBeUndefined();

    const revoked = await server.request(
      'mutation { revokeAdminToken(input: { name: "console-made" }) { revokedName } }',
      {},
      adminToken,
    );
    expect(revoked.data.revokeAdminToken.revokedName).toBe('console-made');
    const after = await server.request('{ viewer { user { id } } }', {}, token);
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  test('a model may not take the name of an admin type', async () => {
    const { loadAppModel } = await import('../../src/appModel/loadAppModel');
    const sdl = (await server.request('{ schemaSdl }', {}, adminToken)).data.schemaSdl as string;
    const adminTypes = ['AdminToken', 'TypeRules', 'PermissionRule', 'AccessExplanation', 'OperationAccess'];
    for (const name of [
      ...adminTypes,
      'FieldAccess',
      'AccessDecision',
      'SchemaCheckReport',
      'SchemaFinding',
      'ViewAsToken',
    ]) {
      if (name !== 'ViewAsToken') expect(sdl).toMatch(new RegExp(`^(type|enum) ${name} `, 'm'));
      expect(() => loadAppModel(`type ${name} @model { a: String }`)).toThrow(`${name} is a reserved type name`);
    }
  });
});

describe('schemaIntrospection where introspection is off (production)', () => {
  let server: TestServer;
  let adminToken: string;
  beforeAll(async () => {
    server = await startTestServer({ permissions: 'example', env: { NODE_ENV: 'production' } });
    adminToken = await createAdminToken(server.store, 'tests');
  });
  afterAll(() => server?.stop());

  test('__schema is refused, yet an admin gets the same schema through schemaIntrospection', async () => {
    const refused = await server.request('{ __schema { queryType { name } } }', {}, adminToken);
    expect(refused.errors?.[0]?.message).toMatch(/introspection is off/);
    const response = await server.request('{ schemaIntrospection schemaSdl }', {}, adminToken);
    expect(response.errors).toBeUndefined();
    const schema = buildClientSchema({ __schema: response.data.schemaIntrospection as IntrospectionSchema });
    expect(printSchema(schema)).toBe(response.data.schemaSdl);
  });
});
