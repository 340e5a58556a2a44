import { startTestServer, type TestServer } from '../support/startTestServer';
import { TEST_PASSWORD } from '../support/users';

/** The database's unique index decides a race, not a read-then-write (docs/schema.md, docs/limits.md). */
describe('concurrent writes', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Twenty sign-ups at once from one address: room for all of them in the password queue.
    server = await startTestServer({ env: { HASH_QUEUE_PER_CLIENT: '32' } });
  });
  afterAll(() => server.stop());

  test('20 parallel createUser with one username: exactly one succeeds, the rest are CONFLICT', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 20 }, () =>
        server.request(
          `mutation($u: String!, $p: String!) { createUser(input: { username: $u, password: $p }) { token } }`,
          { u: 'racer', p: TEST_PASSWORD },
        ),
      ),
    );
    const succeeded = attempts.filter((a) => !a.errors);
    expect(succeeded).toHaveLength(1);
    expect(attempts.filter((a) => a.errors).map((a) => a.errors![0].extensions?.code)).toEqual(
      Array(19).fill('CONFLICT'),
    );
    expect(await server.store.count(server.app.models.get('User')!.collection, { username: { $eq: 'racer' } })).toBe(1);
  });

  test('20 parallel createTag with one name: exactly one stored', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 20 }, () =>
        server.request(`mutation { createTag(input: { name: "same" }) { changedTag { id } } }`),
      ),
    );
    expect(attempts.filter((a) => !a.errors)).toHaveLength(1);
    expect(await server.store.count(server.app.models.get('Tag')!.collection, { name: { $eq: 'same' } })).toBe(1);
  });
});
