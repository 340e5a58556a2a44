import { PasswordQueue, PasswordQueueFull } from './passwordQueue';

/** Work the test finishes by hand, so the order is the queue's and not a clock's. */
function gate() {
  const started: string[] = [];
  const open = new Map<string, () => void>();
  const work = (name: string) => () =>
    new Promise<string>((resolve) => {
      started.push(name);
      open.set(name, () => resolve(name));
    });
  const finish = async (name: string) => {
    open.get(name)!();
    // Let the queue hand the slot on.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { started, work, finish };
}

describe('PasswordQueue', () => {
  test('runs `concurrency` at once; a free slot goes to the clients in turn', async () => {
    const queue = new PasswordQueue({ concurrency: 1, maxWaiting: 100, maxWaitingPerClient: 10 });
    const { started, work, finish } = gate();
    const done = ['a1', 'a2', 'a3', 'a4'].map((name) => queue.run('flood', work(name)));
    const login = queue.run('legit', work('b1'));
    expect(started).toEqual(['a1']);
    expect(queue.depth()).toBe(5);
    await finish('a1');
    // The flood's second job waited first, so it goes; then the other client's, before the flood's rest.
    expect(started).toEqual(['a1', 'a2']);
    await finish('a2');
    expect(started).toEqual(['a1', 'a2', 'b1']);
    await finish('b1');
    await expect(login).resolves.toBe('b1');
    await finish('a3');
    await finish('a4');
    await expect(Promise.all(done)).resolves.toEqual(['a1', 'a2', 'a3', 'a4']);
    expect(queue.depth()).toBe(0);
  });

  test('refuses past one client’s share, and past the whole queue, without taking the work', async () => {
    const queue = new PasswordQueue({ concurrency: 1, maxWaiting: 3, maxWaitingPerClient: 2 });
    const { started, work, finish } = gate();
    const accepted = [queue.run('a', work('a1')), queue.run('a', work('a2')), queue.run('a', work('a3'))];
    await expect(queue.run('a', work('a4'))).rejects.toEqual(new PasswordQueueFull('client', 2));
    accepted.push(queue.run('b', work('b1')));
    await expect(queue.run('c', work('c1'))).rejects.toEqual(new PasswordQueueFull('queue', 3));
    expect(queue.depth()).toBe(4);
    for (const name of ['a1', 'a2', 'b1', 'a3']) await finish(name);
    expect(started).toEqual(['a1', 'a2', 'b1', 'a3']);
    await Promise.all(accepted);
  });

  test('a failing operation frees its slot and fails only its caller', async () => {
    const queue = new PasswordQueue({ concurrency: 1, maxWaiting: 10, maxWaitingPerClient: 10 });
    const failing = queue.run('a', () => Promise.reject(new Error('bcrypt failed')));
    const next = queue.run('a', async () => 'next');
    await expect(failing).rejects.toThrow('bcrypt failed');
    await expect(next).resolves.toBe('next');
    const throwing = queue.run('a', () => {
      throw new Error('at once');
    });
    await expect(throwing).rejects.toThrow('at once');
    expect(queue.depth()).toBe(0);
  });
});
