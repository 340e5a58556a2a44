import { join } from 'node:path';
import type { Model, Relation } from '../../src/appModel/AppModel';
import { linkKeys } from '../../src/appModel/linkKeys';
import { createUserTokens } from '../../src/auth/userTokens';
import { newSessionId } from '../../src/auth/sessions';
import { explain } from '../../src/permissions/explain';
import { loadPolicy } from '../../src/permissions/loadPolicy';
import { loadMemberships } from '../../src/permissions/Membership';
import { storeFixtures, type StoredFixtures } from '../../src/ruleTools/ruleFixtures';
import { loadRuleTests } from '../../src/ruleTools/ruleTestFiles';
import { runRuleTests, type CaseResult } from '../../src/ruleTools/runRuleTests';
import { toGlobalId } from '../../src/resolvers/globalIds';
import type { StoredDoc } from '../../src/store/Store';
import { startTestServer, type TestServer } from '../support/startTestServer';

const ROOT = join(__dirname, '..', '..');
const SECRET = 'rule-tests-agree-secret-long-enough-for-hs256';
type ManyToMany = Extract<Relation, { kind: 'manyToMany' }>;

/**
 * `permissions test`, `permissions explain` and the server must give one answer. The example
 * app's fixtures are stored in a running server; each case is then asked over HTTP as a
 * client would ask it (a query or mutation with that user's token), and of `explain`.
 */
describe('rule tests, explain and the server agree on every case of the example app', () => {
  let server: TestServer;
  let named: StoredFixtures;
  let results: CaseResult[];
  let tokenOf: (name: string) => string;
  beforeAll(async () => {
    server = await startTestServer({ permissions: 'example', env: { JWT_SECRET: SECRET } });
    const policy = loadPolicy(server.app, join(ROOT, 'permissions'), 'open');
    const suite = loadRuleTests(join(ROOT, 'permissions', 'tests'));
    results = await runRuleTests(server.app, policy, suite);
    named = await storeFixtures(server.app, server.store, suite.fixtures, suite.fixturesFile);
    const tokens = createUserTokens(server.store, { secrets: [SECRET], ttlSeconds: 3600, usersCollection: 'User' });
    tokenOf = (name) => tokens.sign(named.get(name)!.doc, newSessionId());
  });
  afterAll(() => server.stop());

  const gid = (name: string) => toGlobalId(named.get(name)!.model.name, named.get(name)!.doc._id);
  const idOf = (model: Model, id: string) => toGlobalId(model.name, id);

  /** The case as a GraphQL request: what the server answers, `allow` or `deny`. */
  async function askServer({ case: c, question }: CaseResult): Promise<'allow' | 'deny' | 'skipped'> {
    const model = question.model;
    if (server.app.links.has(model.name)) return 'skipped';
    const token = c.as ? tokenOf(c.as) : undefined;
    const field = (name: string) => model.fields.get(name);
    if (c.op === 'read') {
      const selection = question.fields
        .map((f) => (field(f)?.kind === 'relation' ? `${f} { __typename }` : f))
        .join(' ');
      const response = await server.request(
        `query($id: ID!) { get${model.name}(id: $id) { id ${selection} } }`,
        { id: gid(c.object as string) },
        token,
      );
      const denied =
        response.data?.[`get${model.name}`] === null ||
        (response.errors ?? []).some((e) => e.extensions?.code === 'FORBIDDEN');
      return denied ? 'deny' : 'allow';
    }
    if (c.op === 'delete') return deleteRestoring(model, c.object as string, token);
    if (c.op === 'create') {
      const input = inputOf(model, c.object as Record<string, unknown>);
      return outcome(
        await server.request(
          `mutation($input: Create${model.name}Input!) { create${model.name}(input: $input) { clientMutationId } }`,
          { input },
          token,
        ),
      );
    }
    const linkField = question.fields.find(
      (f) => field(f)?.kind === 'relation' && (field(f) as { storage: string }).storage === 'link',
    );
    if (linkField) return relinkOutcome(model, linkField, named.get(c.object as string)!.doc, token);
    const current = named.get(c.object as string)!.doc;
    const values: Record<string, unknown> = {};
    for (const f of question.fields) {
      const f2 = field(f);
      if (c.changes && f in c.changes) values[f] = c.changes[f];
      else if (f === 'password') values[f] = 'a brand new password';
      else if (f2?.kind === 'relation') values[f] = [...named].find(([, v]) => v.doc._id === current[f])![0];
      else values[f] = current[f];
    }
    const input = { id: gid(c.object as string), ...inputOf(model, values) };
    return outcome(
      await server.request(
        `mutation($input: Update${model.name}Input!) { update${model.name}(input: $input) { clientMutationId } }`,
        { input },
        token,
      ),
    );
  }

  /** Values by fixture name → API input: a reference becomes `<field>Id` with a global id. */
  function inputOf(model: Model, values: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries(values).map(([name, value]) =>
        model.fields.get(name)?.kind === 'relation' ? [`${name}Id`, gid(value as string)] : [name, value],
      ),
    );
  }

  function outcome(response: Awaited<ReturnType<TestServer['request']>>): 'allow' | 'deny' {
    if (!response.errors) return 'allow';
    expect(response.errors.map((e) => e.extensions?.code)).toEqual([expect.stringMatching(/^(FORBIDDEN|NOT_FOUND)$/)]);
    return 'deny';
  }

  /** A many-to-many field is changed by link mutations: remove one of the object's links and put it back. */
  async function relinkOutcome(
    model: Model,
    fieldName: string,
    doc: StoredDoc,
    token?: string,
  ): Promise<'allow' | 'deny'> {
    const relation = server.app.relations.get(
      (model.fields.get(fieldName) as { relation: string }).relation,
    ) as ManyToMany;
    const [mine, theirs] = linkKeys(relation, model.name);
    const [link] = await server.store.find(relation.collection, {
      filter: { [mine]: { $eq: doc._id } },
      sort: [],
      limit: 1,
    });
    const other = relation.ends.find((end) => end.model !== model.name)!.model;
    const input = { [`${mine}Id`]: idOf(model, doc._id), [`${theirs}Id`]: toGlobalId(other, link[theirs] as string) };
    const removed = outcome(
      await server.request(
        `mutation($input: RemoveFrom${relation.name}ConnectionInput!) { removeFrom${relation.name}Connection(input: $input) { clientMutationId } }`,
        { input },
        token,
      ),
    );
    if (removed === 'allow') {
      expect(
        outcome(
          await server.request(
            `mutation($input: AddTo${relation.name}ConnectionInput!) { addTo${relation.name}Connection(input: $input) { clientMutationId } }`,
            { input },
            token,
          ),
        ),
      ).toBe('allow');
    }
    return removed;
  }

  /** Deletes over the API; an allowed delete is undone in the store so later cases find the fixture. */
  async function deleteRestoring(model: Model, name: string, token?: string): Promise<'allow' | 'deny'> {
    const doc = named.get(name)!.doc;
    const links: [string, StoredDoc][] = [];
    for (const relation of server.app.relations.values()) {
      if (relation.kind !== 'manyToMany' || !relation.ends.some((end) => end.model === model.name)) continue;
      const [mine] = linkKeys(relation, model.name);
      for (const link of await server.store.find(relation.collection, {
        filter: { [mine]: { $eq: doc._id } },
        sort: [],
        limit: 100,
      }))
        links.push([relation.collection, link]);
    }
    const answer = outcome(
      await server.request(
        `mutation($id: ID!) { delete${model.name}(input: { id: $id }) { deletedId } }`,
        { id: gid(name) },
        token,
      ),
    );
    if (answer === 'allow') {
      await server.store.insert(model.collection, doc);
      for (const [collection, link] of links) await server.store.insert(collection, link);
    }
    return answer;
  }

  test('over HTTP, the server answers every case as the rule tests do', async () => {
    const asked: string[] = [];
    for (const result of results) {
      const answer = await askServer(result);
      if (answer === 'skipped') continue;
      asked.push(`${result.name}: ${answer}`);
      expect(`${result.name}: ${answer}`).toBe(`${result.name}: ${result.actual}`);
      expect(answer).toBe(result.expected);
    }
    // Only the UserRoles cases (links have no get<Type> query) are left out.
    expect(asked.length).toBe(results.filter((r) => r.case.type !== 'UserRoles').length);
  }, 120_000);

  test('explain grants and denies the fields of every read and update case as the rule tests do', async () => {
    const policy = loadPolicy(server.app, join(ROOT, 'permissions'), 'open');
    let compared = 0;
    for (const result of results) {
      const { case: c, question } = result;
      if (
        (c.op !== 'read' && c.op !== 'update') ||
        c.changes ||
        typeof c.object !== 'string' ||
        question.fields.length === 0
      )
        continue;
      if (server.app.links.has(question.model.name)) continue;
      const user = c.as ? { id: named.get(c.as)!.doc._id, username: c.as, doc: named.get(c.as)!.doc } : undefined;
      const memberships = user ? await loadMemberships(server.app, server.store, user.id) : [];
      const lines = await explain({
        app: server.app,
        policy,
        store: server.store,
        type: question.model,
        operation: c.op,
        user,
        memberships,
        object: named.get(c.object)!.doc,
      });
      const bypass = lines.length === 1 && lines[0].includes('every rule is skipped');
      const granted = bypass || question.fields.every((f) => lines.some((line) => line.startsWith(`  ${f}: granted`)));
      expect(`${result.name}: ${granted ? 'allow' : 'deny'}`).toBe(`${result.name}: ${result.actual}`);
      compared += 1;
    }
    expect(compared).toBeGreaterThanOrEqual(20);
  }, 60_000);
});
