import { LOGIN_THROTTLE, LoginThrottle } from '../../src/auth/loginThrottle';
import type { Store } from '../../src/store/Store';
import { reachableAdapters } from '../store/adapters';

/** The throttle over each reachable store, with a clock the test moves (no waiting). */
describe.each(reachableAdapters())('login throttle on the $name store', (adapter) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let now = 1_000_000;
  let trips: string[] = [];
  const make = () =>
    new LoginThrottle(
      store,
      { maxFailuresPerName: 2, maxFailuresPerAddress: 4, windowSeconds: 60 },
      (_attempt, seconds, limit) => trips.push(`${limit}:${seconds}`),
      () => now,
    );
  const ada = { account: 'user:ada', address: '10.0.0.1' };

  beforeEach(async () => {
    ({ store, dispose } = await adapter.open());
    await store.ensureCollections([LOGIN_THROTTLE]);
    trips = [];
  });
  afterEach(() => dispose());

  const refusal = (throttle: LoginThrottle, attempt = ada) =>
    throttle.check(attempt).then(
      () => null,
      (error: { extensions: Record<string, unknown> }) => error.extensions,
    );

  test('refuses at the limit until the window ends; refused attempts do not extend it', async () => {
    const throttle = make();
    await throttle.recordFailure(ada);
    expect(await refusal(throttle)).toBeNull();
    await throttle.recordFailure(ada);
    expect(await refusal(throttle)).toEqual({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 60 });
    now += 30_000;
    expect(await refusal(throttle)).toEqual({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 30 });
    now += 30_000;
    expect(await refusal(throttle)).toBeNull();
    expect(trips).toEqual(['account:60', 'account:30']);
  });

  test('a new window starts after the old one ends; success clears the account, not the address', async () => {
    const throttle = make();
    await throttle.recordFailure(ada);
    now += 61_000;
    await throttle.recordFailure(ada);
    expect(await refusal(throttle)).toBeNull();
    await throttle.recordSuccess(ada);
    await throttle.recordFailure(ada);
    expect(await refusal(throttle)).toBeNull();
    for (const account of ['name:username:x', 'name:username:y'])
      await throttle.recordFailure({ account, address: ada.address });
    expect(await refusal(throttle, { account: 'user:bob', address: ada.address })).toMatchObject({
      retryAfterSeconds: 60,
    });
    expect(trips).toEqual(['address:60']);
  });

  test('two throttles on one store (two processes) count together', async () => {
    const [first, second] = [make(), make()];
    await Promise.all([first.recordFailure(ada), second.recordFailure(ada)]);
    expect(await refusal(first)).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });

  test('expired windows are dropped from the store', async () => {
    const throttle = make();
    await throttle.recordFailure(ada);
    expect(await store.count(LOGIN_THROTTLE.name, {})).toBe(2);
    now += 120_000;
    await throttle.recordFailure({ account: 'user:bob', address: '10.0.0.2' });
    expect(await store.count(LOGIN_THROTTLE.name, {})).toBe(2);
  });
});
