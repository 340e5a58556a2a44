import { RawGraphQLWs } from '../support/rawGraphQLWs';
import { startTestServer, type TestServer } from '../support/startTestServer';

const CREATE = 'mutation($input: CreatePostInput!) { createPost(input: $input) { changedPost { id } } }';
const create = (slug: string) => ({ query: CREATE, variables: { input: { title: slug, slug } } });
const SUBSCRIPTION = 'subscription { subscribeToPost { mutation } }';

/** Refused, yet written; written, yet unanswered: neither (docs/errors.md). */
describe('a refused request writes nothing', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ permissions: { Post: [{ scope: 'EVERYONE', read: true, create: true }] } });
  });
  afterAll(() => server.stop());

  const slugs = async () =>
    (
      (await server.request('{ allPosts { edges { node { slug } } } }')).data.allPosts.edges as {
        node: { slug: string };
      }[]
    )
      .map((edge) => edge.node.slug)
      .sort();

  test('a mutation asking for an answer type the server cannot send is refused with 406 before it runs', async () => {
    for (const accept of ['text/html', 'image/png', 'application/json;q=0']) {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: JSON.stringify(create(`refused-${accept}`)),
      });
      expect(response.status).toBe(406);
      expect(
        ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code,
      ).toBe('BAD_REQUEST');
    }
    expect(await slugs()).toEqual([]);
  });

  test('the answer type asked for is the one sent', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.headers.get('content-type')).toBe('application/graphql-response+json; charset=utf-8');
  });

  test.each([
    ['4400: a frame that is not JSON', 4400, (socket: RawGraphQLWs) => socket.send('{ not json')],
    [
      '4409: a subscribe reusing an id still running',
      4409,
      (socket: RawGraphQLWs) => {
        socket.subscribe('same', { query: SUBSCRIPTION });
        socket.subscribe('same', { query: SUBSCRIPTION });
      },
    ],
    ['4429: a second connection_init', 4429, (socket: RawGraphQLWs) => socket.send({ type: 'connection_init' })],
  ])('over WebSocket, a mutation pipelined behind %s never runs', async (what, code, misbehave) => {
    const socket = await new RawGraphQLWs(server.url).init();
    const slug = `behind-${code}`;
    misbehave(socket);
    socket.subscribe('mutation', create(slug));
    expect(await socket.closeCode()).toBe(code);
    // A few round trips through the store: a mutation that had been started would be written by now.
    for (let i = 0; i < 3; i++) await slugs();
    expect([what, await slugs()]).toEqual([what, []]);
    expect(socket.messages.filter((message) => message.id === 'mutation')).toEqual([]);
  });

  test.each(['connection_ack', 'next', 'error'])(
    'a client sending %s, a message only the server sends, is closed with 4400, not 4500',
    async (type) => {
      const socket = await new RawGraphQLWs(server.url).init();
      socket.send({ type, id: 'x', payload: type === 'error' ? [{ message: 'x' }] : {} });
      expect(await socket.closeCode()).toBe(4400);
    },
  );

  test('a well-behaved connection runs the same mutation', async () => {
    const socket = await new RawGraphQLWs(server.url).init();
    socket.subscribe('mutation', create('well-behaved'));
    expect((await socket.answer('mutation')).type).toBe('next');
    expect(await slugs()).toEqual(['well-behaved']);
    socket.close();
  });
});
