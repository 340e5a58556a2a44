import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { APP_ROLE, appUserRole, DRIVER_CALLS } from './appUserRole';
import { collectionSteps } from './collectionSetup';

const ROOT = join(__dirname, '..', '..', '..');

/** Runs deploy/mongo-init.js as mongosh would, against a recorded database that already holds `users` and `roles`. */
function runInitScript(env: Record<string, string>, has: { users: string[]; roles: string[] }) {
  const commands: { db: string; command: Record<string, unknown> }[] = [];
  const database = (name: string) => ({
    runCommand(command: Record<string, unknown>) {
      commands.push({ db: name, command });
      if ('rolesInfo' in command) return { ok: 1, roles: has.roles.filter((role) => role === command.rolesInfo) };
      if ('usersInfo' in command) return { ok: 1, users: has.users.filter((user) => user === command.usersInfo) };
      return { ok: 1 };
    },
  });
  runInNewContext(readFileSync(join(ROOT, 'deploy', 'mongo-init.js'), 'utf8'), {
    db: { getSiblingDB: database },
    process: { env },
    print: () => undefined,
  });
  return commands;
}

describe('the MongoDB role of the API user', () => {
  test('is exactly the actions of the driver calls the adapter makes, on its own database', () => {
    expect(appUserRole('shop')).toEqual({
      createRole: APP_ROLE,
      privileges: [
        {
          resource: { db: 'shop', collection: '' },
          actions: [
            'changeStream',
            'collMod',
            'createCollection',
            'createIndex',
            'find',
            'insert',
            'listCollections',
            'listIndexes',
            'remove',
            'update',
          ],
        },
      ],
      roles: [],
    });
  });

  test('deploy/mongo-init.js on a new volume: makes that role and the user with it alone', () => {
    const commands = runInitScript(
      { MONGO_APP_DATABASE: 'shop', MONGO_APP_USERNAME: 'api', MONGO_APP_PASSWORD: 'pw' },
      {
        users: [],
        roles: [],
      },
    );
    const { createRole, privileges, roles } = appUserRole('shop');
    expect(commands.filter(({ command }) => !('rolesInfo' in command || 'usersInfo' in command))).toEqual([
      { db: 'shop', command: { createRole, privileges, roles } },
      { db: 'admin', command: { createUser: 'api', pwd: 'pw', roles: [{ role: APP_ROLE, db: 'shop' }] } },
    ]);
  });

  test('run again on an existing deployment: updates the role, and the readWrite user gets it instead', () => {
    const commands = runInitScript({ MONGO_APP_PASSWORD: 'pw' }, { users: ['graphkeep'], roles: [APP_ROLE] });
    const { privileges } = appUserRole('graphkeep');
    expect(commands.filter(({ command }) => !('rolesInfo' in command || 'usersInfo' in command))).toEqual([
      { db: 'graphkeep', command: { updateRole: APP_ROLE, privileges, roles: [] } },
      { db: 'admin', command: { grantRolesToUser: 'graphkeep', roles: [{ role: APP_ROLE, db: 'graphkeep' }] } },
      { db: 'admin', command: { revokeRolesFromUser: 'graphkeep', roles: [{ role: 'readWrite', db: 'graphkeep' }] } },
    ]);
  });

  test('the adapter calls the driver only through the methods DRIVER_CALLS lists', () => {
    const sources = [
      ...readdirSync(join(__dirname)).map((file) => join(__dirname, file)),
      join(__dirname, '..', 'files', 'GridFsFileStore.ts'),
    ].filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
    const receivers: Record<string, keyof typeof DRIVER_CALLS> = {
      'this.db': 'db',
      db: 'db',
      'this.collection(collection)': 'collection',
      'this.db\n      .collection(aggregation.collection)': 'collection',
      'this.db.collection(spec.name)': 'collection',
      'this.bucket': 'gridFsBucket',
    };
    const called = new Set<string>();
    for (const file of sources) {
      const text = readFileSync(file, 'utf8');
      for (const [receiver, kind] of Object.entries(receivers)) {
        const escaped = receiver.replace(/[.()[\]]/g, '\\$&').replace(/\n\s+/g, '\\s*');
        for (const match of text.matchAll(new RegExp(`${escaped}\\s*\\.(\\w+)(?:<[^>]*>)?\\(`, 'g')))
          if (match[1] !== 'collection') called.add(`${kind}.${match[1]}`);
      }
    }
    const listed = Object.entries(DRIVER_CALLS).flatMap(([kind, calls]) =>
      Object.keys(calls).map((m) => `${kind}.${m}`),
    );
    expect([...called].filter((call) => !listed.includes(call))).toEqual([]);
    expect(called.size).toBeGreaterThanOrEqual(12);
  });
});

describe('collectionSteps: change-stream images for every collection, with as few commands as that takes', () => {
  const images = { changeStreamPreAndPostImages: { enabled: true } };
  test.each([
    ['a first start creates each collection with images', [], [{ create: 'Post', options: images }]],
    ['a restart issues nothing', [{ name: 'Post', options: images }], []],
    [
      'a collection made without images (an older version, a restore) gets them with collMod',
      [{ name: 'Post', options: {} }],
      [{ command: { collMod: 'Post', ...images } }],
    ],
    [
      'images turned off by hand are turned on again',
      [{ name: 'Post', options: { changeStreamPreAndPostImages: { enabled: false } } }],
      [{ command: { collMod: 'Post', ...images } }],
    ],
    ['collections nobody asked for are left alone', [{ name: 'files.chunks' }], [{ create: 'Post', options: images }]],
  ])('%s', (_case, existing, steps) => {
    expect(collectionSteps(existing, ['Post'])).toEqual(steps);
  });
});
