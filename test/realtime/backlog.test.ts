import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectionSpecs } from '../../src/appModel/collectionSpecs';
import { loadAppModel } from '../../src/appModel/loadAppModel';
import { compilePolicy } from '../../src/permissions/compilePolicy';
import { createAccess } from '../../src/permissions/createAccess';
import { MAX_COMMITS_BEHIND, SubscriptionHub } from '../../src/realtime/SubscriptionHub';
import { createRequestContext } from '../../src/resolvers/RequestContext';
import { openStore } from '../../src/store/openStore';
import type { Store } from '../../src/store/Store';
import type { Viewer } from '../../src/Viewer';
import { eventually } from '../support/eventually';

/**
 * MAX_COMMITS_BEHIND (docs/subscriptions.md#limits): a process that falls too far behind its
 * change feed ends every subscription it serves with SUBSCRIPTION_RESET instead of holding an
 * ever longer backlog. Driven directly, with the bound lowered: over HTTP it takes 10,000
 * commits that arrive faster than they are judged.
 */
describe('a hub that falls behind its change feed', () => {
  let store: Store;
  let dataDir: string;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'graphkeep-backlog-'));
    store = await openStore({ dataDir });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('ends its subscriptions with SUBSCRIPTION_RESET once more commits wait than it may hold', async () => {
    expect(MAX_COMMITS_BEHIND).toBe(10_000);
    const app = loadAppModel('type Note @model { title: String }');
    await store.ensureCollections(collectionSpecs(app));
    const rules = [{ scope: 'EVERYONE', read: true }];
    const policy = compilePolicy(app, new Map([['Note', { file: 'Note.json', content: rules }]]), 'deny');
    const errors: unknown[] = [];
    const hub = new SubscriptionHub({
      app,
      policy,
      store,
      fanoutLimit: 1000,
      onError: (error) => errors.push(error),
      maxCommitsBehind: 3,
    });
    const viewer: Viewer = { kind: 'anonymous' };
    const context = createRequestContext(
      app,
      store,
      viewer,
      createAccess({ app, policy, store, viewer, memberships: [] }),
    );
    context.subscriber = { queued: () => true, taken: () => undefined };
    const events = await hub.subscribe(context, app.models.get('Note')!, {});
    const received: unknown[] = [];
    let ended: unknown;
    void (async () => {
      try {
        for await (const event of events) received.push(event.mutation);
        ended = 'done';
      } catch (error) {
        ended = (error as { extensions?: unknown }).extensions;
      }
    })();
    // Five commits by another process sharing the file, read by this one in one poll: more than three wait at once.
    const writer = await openStore({ dataDir });
    try {
      for (let i = 0; i < 5; i++) await writer.insert('Note', { _id: `n${i}`, title: 'b' });
    } finally {
      await writer.close();
    }
    expect(await eventually(() => ended, 'the subscription to end')).toEqual({ code: 'SUBSCRIPTION_RESET', limit: 3 });
    await hub.settled();
    expect(hub.size).toBe(0);
    expect(errors).toEqual([]);
    hub.close();
  });
});
