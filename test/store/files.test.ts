import { buffer } from 'node:stream/consumers';
import { FileTooLarge } from '../../src/store/files/FileStore';
import type { Store } from '../../src/store/Store';
import { reachableAdapters } from './adapters';

async function* chunks(total: number, size = 1000): AsyncGenerator<Buffer> {
  for (let sent = 0; sent < total; sent += size) yield Buffer.alloc(Math.min(size, total - sent), sent % 251);
}

/** `Store.files` behaves the same on every adapter: disk for SQLite, GridFS for MongoDB (docs/files.md). */
describe.each(reachableAdapters())('$name file store', (adapter) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await adapter.open());
  });
  afterAll(() => dispose());

  test('put returns size and SHA-256; read gives the bytes whole or by range; delete removes', async () => {
    const result = await store.files.put(
      'Post.0000000000000000000000aa.cover.0000000000000001',
      chunks(300_000),
      300_000,
    );
    expect(result.size).toBe(300_000);
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
    const whole = await buffer((await store.files.read('Post.0000000000000000000000aa.cover.0000000000000001'))!);
    expect(whole.length).toBe(300_000);
    const part = await buffer(
      (await store.files.read('Post.0000000000000000000000aa.cover.0000000000000001', {
        start: 261_000,
        end: 261_999,
      }))!,
    );
    expect(part).toEqual(whole.subarray(261_000, 262_000));
    await store.files.delete('Post.0000000000000000000000aa.cover.0000000000000001');
    expect(await store.files.read('Post.0000000000000000000000aa.cover.0000000000000001')).toBeNull();
    await expect(store.files.delete('Post.0000000000000000000000aa.cover.0000000000000001')).resolves.toBeUndefined();
  });

  test('past maxBytes the put fails with FileTooLarge and nothing can be read', async () => {
    await expect(
      store.files.put('Post.0000000000000000000000aa.cover.0000000000000002', chunks(10_001), 10_000),
    ).rejects.toBeInstanceOf(FileTooLarge);
    expect(await store.files.read('Post.0000000000000000000000aa.cover.0000000000000002')).toBeNull();
  });
});
