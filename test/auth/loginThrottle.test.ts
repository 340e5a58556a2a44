import {
  existenceTest,
  LOGIN_THROTTLE,
  loginAttempt,
  LoginThrottle,
  passwordCheck,
  type ThrottledAttempt,
} from '../../src/auth/loginThrottle';
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
  const from = { address: '10.0.0.1' };
  const ada = loginAttempt('username', { userId: 'ada' }, from);

  beforeEach(async () => {
    ({ store, dispose } = await adapter.open());
    await store.ensureCollections([LOGIN_THROTTLE]);
    trips = [];
  });
  afterEach(() => dispose());

  /** A failed attempt: reserved, and never given back. */
  const fail = (throttle: LoginThrottle, attempt: ThrottledAttempt = ada) => throttle.reserve(attempt);
  const refusal = (throttle: LoginThrottle, attempt: ThrottledAttempt = ada) =>
    throttle.reserve(attempt).then(
      (reservation) => reservation.succeeded().then(() => null),
      (error: { extensions: Record<string, unknown> }) => error.extensions,
    );

  test('refuses at the limit until the window ends; refused attempts do not extend it', async () => {
    const throttle = make();
    await fail(throttle);
    await fail(throttle);
    expect(await refusal(throttle)).toEqual({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 60 });
    now += 30_000;
    expect(await refusal(throttle)).toEqual({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 30 });
    now += 30_000;
    expect(await refusal(throttle)).toBeNull();
    expect(trips).toEqual(['account:60', 'account:30']);
  });

  test('attempts at once: only the limit is let through, whatever the interleaving', async () => {
    const throttle = make();
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => fail(throttle)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(2);
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(8);
  });

  test('a success clears its account key and gives the address its reservation back', async () => {
    const throttle = make();
    await fail(throttle);
    expect(await refusal(throttle)).toBeNull(); // succeeded: the account's count is cleared
    await fail(throttle);
    expect(await refusal(throttle)).toBeNull();
    // The address counted only the two failures: two more names fail, then it is at its limit.
    await fail(throttle, loginAttempt('username', { typed: 'x' }, from));
    await fail(throttle, loginAttempt('username', { typed: 'y' }, from));
    expect(await refusal(throttle, loginAttempt('username', { userId: 'bob' }, from))).toMatchObject({
      retryAfterSeconds: 60,
    });
    expect(trips).toEqual(['address:60']);
  });

  test('one account’s login names are counted apart; its password check too', async () => {
    const throttle = make();
    await fail(throttle);
    await fail(throttle);
    expect(await refusal(throttle)).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    const other = { address: '10.0.0.2' };
    expect(await refusal(throttle, loginAttempt('email', { userId: 'ada' }, other))).toBeNull();
    await fail(throttle, passwordCheck('ada', other));
    await fail(throttle, passwordCheck('ada', other));
    expect(await refusal(throttle, passwordCheck('ada', other))).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });

  test('existence tests count per address, apart from logins', async () => {
    const throttle = make();
    for (let i = 0; i < 4; i++) await fail(throttle, existenceTest(from));
    expect(await refusal(throttle, existenceTest(from))).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(await refusal(throttle, existenceTest({ address: '10.0.0.9' }))).toBeNull();
    expect(await refusal(throttle)).toBeNull();
  });

  test('a new window starts after the old one ends', async () => {
    const throttle = make();
    await fail(throttle);
    now += 61_000;
    await fail(throttle);
    expect(await refusal(throttle)).toBeNull();
  });

  test('two throttles on one store (two processes) count together', async () => {
    const [first, second] = [make(), make()];
    await Promise.all([fail(first), fail(second)]);
    expect(await refusal(first)).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });

  test('expired windows are dropped from the store', async () => {
    const throttle = make();
    await fail(throttle);
    expect(await store.count(LOGIN_THROTTLE.name, {})).toBe(2);
    now += 120_000;
    await fail(throttle, loginAttempt('username', { userId: 'bob' }, { address: '10.0.0.2' }));
    expect(await store.count(LOGIN_THROTTLE.name, {})).toBe(2);
  });
});
