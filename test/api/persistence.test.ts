import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer } from '../support/startTestServer';
import { signUp } from '../support/users';
import { runCli, spawnCli } from '../support/runCli';

describe('data survives restarts; admin tokens from the CLI (docs/configuration.md, docs/api.md)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'graphkeep-restart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  test('objects and users written before a restart are there after it; tokens stay valid', async () => {
    const first = await startTestServer({ dataDir });
    const user = await signUp(first, 'stays');
    const created = await first.request(`mutation { createTag(input: { name: "kept" }) { changedTag { id } } }`);
    await first.stop();

    const second = await startTestServer({ dataDir });
    try {
      const tag = await second.request(`query($id: ID!) { getTag(id: $id) { name } }`, {
        id: created.data.createTag.changedTag.id,
      });
      expect(tag.data.getTag).toEqual({ name: 'kept' });
      expect((await second.request(`{ viewer { user { username } } }`, {}, user.token)).data.viewer.user.username).toBe(
        'stays',
      );
    } finally {
      await second.stop();
    }
  });

  test('admin-token create prints the token last; it works on the running server until revoked', async () => {
    const server = await startTestServer({ dataDir });
    try {
      const env = { DATA_DIR: dataDir };
      const created = await spawnCli('adminToken.ts', ['create', '--name', 'deploy-bot'], env);
      expect(created.code).toBe(0);
      const token = created.stdout.trim().split('\n').pop()!;
      expect(token).toMatch(/^gk_admin_/);
      expect((await runCli('adminToken.ts', ['list'], env)).stdout).toMatch(/deploy-bot\tcreated \S+\tlast used never/);
      const users = `{ allUsers { totalCount } }`;
      expect((await server.request(users, {}, token)).data.allUsers.totalCount).toBe(1);

      const listed = await runCli('adminToken.ts', ['list'], env);
      expect(listed.stdout).toMatch(/deploy-bot\tcreated \S+\tlast used 20\d\d-/);
      expect(listed.stdout).not.toContain(token);

      const duplicate = await runCli('adminToken.ts', ['create', '--name', 'deploy-bot'], env);
      expect(duplicate.code).toBe(1);

      expect((await runCli('adminToken.ts', ['revoke', 'deploy-bot'], env)).code).toBe(0);
      const refused = await server.request(users, {}, token);
      expect(refused.status).toBe(401);
      expect(refused.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
      expect((await runCli('adminToken.ts', ['revoke', 'deploy-bot'], env)).code).toBe(1);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
