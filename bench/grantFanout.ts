import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { collectionSpecs } from '../src/appModel/collectionSpecs';
import { loadAppModel } from '../src/appModel/loadAppModel';
import { ADMIN_TOKENS, createAdminToken } from '../src/auth/adminTokens';
import { hashPassword } from '../src/auth/passwords';
import { newTokenVersion, PASSWORD_HASH, TOKEN_VERSION } from '../src/auth/userTokens';
import { loadConfig } from '../src/config/loadConfig';
import { toGlobalId } from '../src/resolvers/globalIds';
import { startGraphkeep } from '../src/server/startGraphkeep';
import { newStoredId } from '../src/store/newStoredId';
import { openStore } from '../src/store/openStore';
import type { StoredDoc } from '../src/store/Store';
import type { GrantFanoutResult, GrantFanoutSpec } from './grantFanoutClient';

/**
 * The grant fan-out case of `npm run bench` (docs/subscriptions.md#grant-changes): notes are
 * readable by the members of their project (a RELATION rule through the `members` links). One
 * project holds REACHED notes; adding a user to it, or removing them, is one link change that
 * re-judges all of them for that user's subscription (REACHED CREATE events, then as many
 * DELETE). The other subscribers, spread over 49 users who are members of projects of their
 * own, must judge the same commit and receive nothing.
 *
 * Latency: from the link mutation's HTTP response to each event's arrival at the client. CPU:
 * this process's user+system time (the server runs here; clients and writer in a forked one).
 */
const SCHEMA = /* GraphQL */ `
  type Note @model {
    title: String!
    project: Project @relation(name: "ProjectNotes")
  }
  type Project @model {
    name: String
    notes: [Note!]! @relation(name: "ProjectNotes")
    members: [User!]! @relation(name: "ProjectMembers")
  }
  extend type User {
    projects: [Project!]! @relation(name: "ProjectMembers")
  }
`;
const RULES: Record<string, unknown[]> = {
  Note: [{ scope: 'RELATION', userFields: ['project.members'], read: true }],
  Project: [{ scope: 'RELATION', userFields: ['members'], read: true }],
  User: [
    { scope: 'EVERYONE', create: true },
    { scope: 'RELATION', userFields: ['me'], read: true },
  ],
};
const USERS = 50;
const PASSWORD = 'bench-password-1';

export interface GrantFanoutOptions {
  subscribers: number;
  reached: number;
  changes: number;
}

export interface GrantFanoutRow {
  options: GrantFanoutOptions;
  result: GrantFanoutResult;
  cpuMs: number;
}

async function seed(reached: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'graphkeep-bench-grants-'));
  const schemaFile = join(dataDir, 'schema.graphql');
  const permissionsDir = join(dataDir, 'permissions');
  writeFileSync(schemaFile, SCHEMA);
  mkdirSync(permissionsDir);
  for (const [type, rules] of Object.entries(RULES))
    writeFileSync(join(permissionsDir, `${type}.json`), JSON.stringify(rules));
  const app = loadAppModel(SCHEMA, schemaFile);
  const store = await openStore({ dataDir });
  await store.ensureCollections([...collectionSpecs(app), ADMIN_TOKENS]);
  const passwordHash = await hashPassword(PASSWORD);
  const now = new Date().toISOString();
  const users: StoredDoc[] = Array.from({ length: USERS }, (_, i) => ({
    _id: newStoredId(),
    username: `grants-user-${i}`,
    [PASSWORD_HASH]: passwordHash,
    [TOKEN_VERSION]: newTokenVersion(),
    createdAt: now,
    modifiedAt: now,
  }));
  const projects: StoredDoc[] = users.map((_, i) => ({
    _id: newStoredId(),
    name: `project ${i}`,
    createdAt: now,
    modifiedAt: now,
  }));
  const [notes, links] = [app.models.get('Note')!.collection, app.relations.get('ProjectMembers')!];
  if (links.kind !== 'manyToMany') throw new Error('ProjectMembers is many-to-many');
  await store.transaction(async (tx) => {
    for (const user of users) await tx.insert(app.models.get('User')!.collection, user);
    for (const project of projects) await tx.insert(app.models.get('Project')!.collection, project);
    // Project 0 holds the reached notes and has no member; every other user is a member of a project of their own.
    for (let i = 0; i < reached; i++)
      await tx.insert(notes, {
        _id: newStoredId(),
        title: `shared ${i}`,
        project: projects[0]._id,
        createdAt: now,
        modifiedAt: now,
      });
    for (let i = 1; i < USERS; i++) {
      await tx.insert(notes, {
        _id: newStoredId(),
        title: `own ${i}`,
        project: projects[i]._id,
        createdAt: now,
        modifiedAt: now,
      });
      await tx.insert(links.collection, {
        _id: newStoredId(),
        project: projects[i]._id,
        user: users[i]._id,
        createdAt: now,
      });
    }
  });
  const adminToken = await createAdminToken(store, 'bench');
  const env = {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SCHEMA_FILE: schemaFile,
    PERMISSIONS_DIR: permissionsDir,
    NODE_ENV: 'production',
    LOG_LEVEL: 'silent',
    JWT_SECRET: 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz',
  };
  return { dataDir, env, store, adminToken, users, project: projects[0] };
}

async function login(url: string, username: string): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($u: String!, $p: String!) { loginUser(input: { username: $u, password: $p }) { token } }',
      variables: { u: username, p: PASSWORD },
    }),
  });
  const body = (await response.json()) as { data?: { loginUser?: { token?: string } } };
  if (!body.data?.loginUser?.token) throw new Error(`login of ${username} failed: ${JSON.stringify(body)}`);
  return body.data.loginUser.token;
}

export async function runGrantFanout(options: GrantFanoutOptions): Promise<GrantFanoutRow> {
  const data = await seed(options.reached);
  const server = await startGraphkeep(loadConfig(data.env), { store: data.store, logger: pino({ level: 'silent' }) });
  try {
    const tokens: string[] = [];
    for (const user of data.users) tokens.push(await login(server.url, user.username as string));
    const spec: GrantFanoutSpec = {
      url: server.url,
      adminToken: data.adminToken,
      memberId: toGlobalId('User', data.users[0]._id),
      memberToken: tokens[0],
      projectId: toGlobalId('Project', data.project._id),
      otherTokens: tokens.slice(1),
      subscribers: options.subscribers,
      reached: options.reached,
      changes: options.changes,
    };
    const { result, cpuMs } = await new Promise<{ result: GrantFanoutResult; cpuMs: number }>((resolve, reject) => {
      const child = fork(join(__dirname, 'grantFanoutClient.ts'), [JSON.stringify(spec)], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      let cpu: NodeJS.CpuUsage | undefined;
      child.on('message', (message: { subscribed?: boolean } & Partial<GrantFanoutResult>) => {
        if (message.subscribed) {
          void (async () => {
            for (let attempt = 0; server.realtime.subscriptions() < spec.subscribers; attempt++) {
              if (attempt > 600)
                return reject(new Error(`only ${server.realtime.subscriptions()} subscriptions came up`));
              await new Promise((r) => setTimeout(r, 100));
            }
            cpu = process.cpuUsage();
            child.send({ go: true });
          })();
          return;
        }
        const used = process.cpuUsage(cpu);
        resolve({ result: message as GrantFanoutResult, cpuMs: (used.user + used.system) / 1000 });
      });
      child.on('error', reject);
      child.on('exit', (code) => {
        if (code !== 0) reject(new Error(`grantFanoutClient.ts exited with ${code}`));
      });
    });
    return { options, result, cpuMs };
  } finally {
    await server.close();
    await data.store.close();
    rmSync(data.dataDir, { recursive: true, force: true });
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

export function grantFanoutTable({ options, result, cpuMs }: GrantFanoutRow): string[] {
  const last = [...result.lastEventMs].sort((a, b) => a - b);
  return [
    'subscribers  reached  changes  delivered  leaked  p50 ms  p99 ms  last event p50/max ms  CPU ms/change',
    `${String(options.subscribers).padStart(11)}  ${String(options.reached).padStart(7)}  ${String(result.changes).padStart(7)}  ` +
      `${String(result.delivered).padStart(9)}  ${String(result.leaked).padStart(6)}  ${percentile(result.latenciesMs, 0.5).toFixed(1).padStart(6)}  ` +
      `${percentile(result.latenciesMs, 0.99).toFixed(1).padStart(6)}  ${`${percentile(last, 0.5).toFixed(0)}/${last.at(-1)!.toFixed(0)}`.padStart(21)}  ` +
      `${(cpuMs / result.changes).toFixed(1).padStart(13)}`,
  ];
}

if (require.main === module) {
  // `npx tsx bench/grantFanout.ts [subscribers] [reached] [changes]`: this case alone.
  const [subscribers = '1000', reached = '1000', changes = '10'] = process.argv.slice(2);
  runGrantFanout({ subscribers: Number(subscribers), reached: Number(reached), changes: Number(changes) })
    .then((row) => console.log(grantFanoutTable(row).join('\n')))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
