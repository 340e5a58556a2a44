import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreQuestions } from '../../src/realtime/StoreQuestions';
import { openStore } from '../../src/store/openStore';
import { countingStore } from '../support/countingStore';

/** What the hub asks the store when memory cannot decide: once per event per distinct condition. */
test('identical questions about one object go to the store once, whatever the number of subscribers', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'graphkeep-questions-'));
  const { wrap, counter } = countingStore();
  const store = wrap(await openStore({ dataDir }));
  try {
    await store.ensureCollections([{ name: 'notes', indexes: [] }]);
    await store.insert('notes', { _id: 'n1', author: 'u1' });
    const questions = new StoreQuestions(store, 'notes');
    counter.reset();
    const mine = { author: { $eq: 'u1' } };
    const theirs = { author: { $eq: 'u2' } };
    const answers = await Promise.all([
      ...Array.from({ length: 100 }, () => questions.matches('n1', mine)),
      ...Array.from({ length: 100 }, () => questions.matches('n1', theirs)),
    ]);
    expect(answers.filter(Boolean)).toHaveLength(100);
    expect(counter.total()).toBe(2);
    expect(questions.size).toBe(2);
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
