import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { signUp, TEST_PASSWORD } from '../support/users';

/** One request's spans, as OpenTelemetry's SDK records them (its in-memory exporter). */
describe('traces: a span per operation, children per store call and password hash', () => {
  const exporter = new InMemorySpanExporter();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    await signUp(server, 'ada-traced');
  });
  afterAll(() => server.stop());

  const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

  test('a login: the operation span, named and attributed, with the store calls and the bcrypt comparison under it', async () => {
    exporter.reset();
    const answer = await server.request(
      `mutation LogIn { loginUser(input: { username: "ada-traced", password: "${TEST_PASSWORD}" }) { token } }`,
    );
    expect(answer.errors).toBeUndefined();
    const spans = exporter.getFinishedSpans();
    const [root, ...others] = spans.filter((span) => parentOf(span) === undefined);
    expect(others).toEqual([]);
    expect(root.name).toBe('mutation LogIn');
    expect(root.attributes).toEqual({
      'graphql.operation.type': 'mutation',
      'graphql.operation.name': 'LogIn',
      'graphkeep.viewer.kind': 'user', // the login made the rest of the request run as the user
    });
    const children = spans.filter((span) => parentOf(span) === root.spanContext().spanId);
    expect(children.map((span) => span.name)).toEqual(
      expect.arrayContaining(['store.find', 'password.compare', 'store.update']),
    );
    // One trace: every span is the root's, and each non-root span's parent is in it.
    const ids = new Set(spans.map((span) => span.spanContext().spanId));
    for (const span of spans) {
      expect(span.spanContext().traceId).toBe(root.spanContext().traceId);
      if (span !== root) expect(ids.has(parentOf(span)!)).toBe(true);
    }
    const find = children.find((span) => span.name === 'store.find')!;
    expect(find.attributes).toMatchObject({ 'db.system.name': 'sqlite', 'db.operation.name': 'find' });
    expect(typeof find.attributes['db.collection.name']).toBe('string');
  });

  test('no secrets in any attribute: no password, no token, no user name, no document', async () => {
    exporter.reset();
    const login = await server.request(
      `mutation { loginUser(input: { username: "ada-traced", password: "${TEST_PASSWORD}" }) { token } }`,
    );
    await server.request('{ viewer { user { username } } }', {}, login.data.loginUser.token);
    const values = exporter
      .getFinishedSpans()
      .flatMap((span) => Object.values(span.attributes).flat())
      .map(String);
    expect(values.length).toBeGreaterThan(10);
    for (const secret of [TEST_PASSWORD, login.data.loginUser.token, 'ada-traced', 'loginUser'])
      expect(values.filter((value) => value.includes(secret))).toEqual([]);
  });

  test('a failed operation carries its error code; an anonymous viewer is named as such', async () => {
    exporter.reset();
    await server.request('query TooBig { allPosts(first: 500) { totalCount } }');
    const root = exporter.getFinishedSpans().find((span) => parentOf(span) === undefined)!;
    expect(root.name).toBe('query TooBig');
    expect(root.attributes).toMatchObject({
      'graphkeep.viewer.kind': 'anonymous',
      'graphkeep.error.codes': ['BAD_USER_INPUT'],
    });
  });
});
