import fc from 'fast-check';
import { MongoClient } from 'mongodb';
import { createAdminToken } from '../../src/auth/adminTokens';
import { eventually } from '../support/eventually';
import { startTestServer, type TestServer } from '../support/startTestServer';
import { connect, received, settle, subscribe, type SocketClient, type Subscription } from '../support/subscriptions';
import { signUp } from '../support/users';
import { withDatabase } from '../store/adapters';

/**
 * docs/subscriptions.md#what-you-receive as a property: random sequences of writes by several
 * users (notes created, updated and deleted, projects, project members linked and unlinked,
 * role memberships granted and revoked), and after each one, every subscriber's events equal
 * the difference between its subscription's query, sent over HTTP, before and after the write:
 * CREATE for what appeared, DELETE for what went, UPDATE naming exactly the fields whose value
 * or readability changed, and the node as the query shows it.
 *
 * Runs on SQLite, and on MongoDB too when MONGODB_URI is set. REALTIME_MODEL_RUNS (default 2)
 * and REALTIME_MODEL_STEPS (default 10) make it search longer.
 */
const RUNS = Number(process.env.REALTIME_MODEL_RUNS ?? 2);
const STEPS = Number(process.env.REALTIME_MODEL_STEPS ?? 10);

const SCHEMA = `
  type Note @model {
    title: String
    secret: String
    rank: Int
    author: User @relation(name: "NoteAuthor")
    project: Project @relation(name: "ProjectNotes")
  }
  type Project @model {
    name: String
    members: [User!]! @relation(name: "ProjectMembers")
    notes: [Note!]! @relation(name: "ProjectNotes")
  }
  type Tick @model { n: Int }
  extend type User {
    notes: [Note!]! @relation(name: "NoteAuthor")
    projects: [Project!]! @relation(name: "ProjectMembers")
  }
`;
/** One rule of each scope, field lists that overlap, and a RELATION path through a link. */
const RULES = {
  Note: [
    { scope: 'EVERYONE', read: true, fields: ['title'] },
    { scope: 'RELATION', userFields: ['author'], read: true, create: true, update: true, delete: true },
    {
      scope: 'RELATION',
      userFields: ['project.members'],
      read: true,
      update: true,
      fields: ['title', 'secret', 'project'],
    },
    { scope: 'ROLE', roles: ['Executives'], read: true, fields: ['title', 'rank', 'author', 'project'] },
  ],
  Project: [
    { scope: 'AUTHENTICATED', create: true },
    { scope: 'RELATION', userFields: ['members'], read: true, update: true, delete: true },
    { scope: 'ROLE', roles: ['Executives'], read: true },
  ],
  ProjectMembers: [{ scope: 'AUTHENTICATED', read: true }],
  Tick: [{ scope: 'EVERYONE', read: true }],
  User: [
    { scope: 'EVERYONE', create: true },
    { scope: 'AUTHENTICATED', read: true, fields: ['username'] },
    { scope: 'RELATION', userFields: ['me'], read: true },
  ],
};
const NOTE_FIELDS = 'id title secret rank modifiedAt author { id } project { id }';
const PROJECT_FIELDS = 'id name modifiedAt members(first: 20) { edges { node { id } } }';

/** A subscription and the query that lists what it sees. */
interface Watch {
  who: string;
  token?: string;
  type: 'Note' | 'Project';
  where?: Record<string, unknown>;
}

type Projection = Record<string, unknown>;
const FORBIDDEN = '(forbidden)';

/** A node as the viewer sees it: fields it may not read (an error at their path) marked. */
function project(node: Projection, errors: { path?: (string | number)[] }[], prefix: (string | number)[]): Projection {
  const seen = { ...node };
  for (const error of errors) {
    const path = error.path ?? [];
    if (path.length === prefix.length + 1 && prefix.every((part, i) => path[i] === part))
      seen[path[prefix.length] as string] = FORBIDDEN;
  }
  return seen;
}

interface World {
  server: TestServer;
  admin: string;
  users: { id: string; token: string; username: string }[];
  executives: string;
  watches: { watch: Watch; subscription: Subscription; seen: Map<string, Projection>; consumed: number }[];
  sockets: SocketClient[];
  ticks: Subscription;
  notes: string[];
  projects: string[];
}

async function listed(world: World, watch: Watch): Promise<Map<string, Projection>> {
  const plural = watch.type === 'Note' ? 'allNotes' : 'allProjects';
  const fields = watch.type === 'Note' ? NOTE_FIELDS : PROJECT_FIELDS;
  const response = await world.server.request(
    `query($w: ${watch.type}WhereInput) { ${plural}(where: $w, first: 100) { edges { node { ${fields} } } } }`,
    { w: watch.where ?? null },
    watch.token,
  );
  const edges = (response.data?.[plural]?.edges ?? []) as { node: Projection }[];
  return new Map(
    edges.map((edge, i) => [
      edge.node.id as string,
      project(edge.node, response.errors ?? [], [plural, 'edges', i, 'node']),
    ]),
  );
}

/** What the subscriber should have received for one step: the difference of two listings. */
function expectedEvents(before: Map<string, Projection>, after: Map<string, Projection>): unknown[] {
  const events: unknown[] = [];
  for (const [id, node] of after) {
    const old = before.get(id);
    if (!old) events.push({ mutation: 'CREATE', id, node });
    else {
      const fields = Object.keys(node).filter((field) => JSON.stringify(node[field]) !== JSON.stringify(old[field]));
      if (fields.length > 0) events.push({ mutation: 'UPDATE', id, node, fields: fields.sort() });
    }
  }
  for (const id of before.keys()) if (!after.has(id)) events.push({ mutation: 'DELETE', id });
  return sortEvents(events);
}

function receivedEvents(watch: Watch, results: { data?: Projection; errors?: { path?: (string | number)[] }[] }[]) {
  const field = `subscribeTo${watch.type}`;
  return sortEvents(
    results.map(({ data, errors }) => {
      const event = data![field] as {
        mutation: string;
        node: Projection | null;
        previousValues: { id: string } | null;
        updatedFields: string[] | null;
      };
      if (event.mutation === 'DELETE') return { mutation: 'DELETE', id: event.previousValues!.id };
      const node = project(event.node!, errors ?? [], [field, 'node']);
      const base = { mutation: event.mutation, id: node.id, node };
      return event.mutation === 'UPDATE' ? { ...base, fields: [...event.updatedFields!].sort() } : base;
    }),
  );
}

const sortEvents = (events: unknown[]) =>
  [...events].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** One write, as a user or the admin sends it; a refused write changes nothing, and must send nothing. */
type Step = (world: World) => unknown;
const actor = fc.integer({ min: -1, max: 2 }); // -1: the admin token
const tokenOf = (world: World, who: number) => (who < 0 ? world.admin : world.users[who].token);
const pick = (list: string[], index: number) => list[index % Math.max(1, list.length)];
const named = (name: string, run: Step): [string, Step] => [name, run];
const mutate = (world: World, who: number, query: string, variables: Record<string, unknown>) =>
  world.server.request(query, variables, tokenOf(world, who));

const STEP: fc.Arbitrary<[string, Step]> = fc.oneof(
  fc
    .record({
      who: actor,
      title: fc.constantFrom('alpha', 'beta'),
      rank: fc.integer({ min: 0, max: 3 }),
      author: fc.nat(2),
      project: fc.nat(3),
    })
    .map(({ who, title, rank, author, project }) =>
      named(`createNote by ${who}`, async (world: World) => {
        const projectId = project < 3 ? pick(world.projects, project) : undefined;
        const input = { title, rank, secret: `s-${title}`, authorId: world.users[author].id, projectId };
        const response = await mutate(
          world,
          who,
          `mutation($i: CreateNoteInput!) { createNote(input: $i) { changedNote { id } } }`,
          { i: input },
        );
        if (response.data?.createNote) world.notes.push(response.data.createNote.changedNote.id);
      }),
    ),
  fc
    .record({
      who: actor,
      note: fc.nat(),
      patch: fc.constantFrom<Record<string, unknown>>(
        { title: 'alpha' },
        { title: 'beta' },
        { secret: 'hidden' },
        { rank: 3 },
        { rank: 0 },
      ),
      moveTo: fc.option(fc.nat(3)),
    })
    .map(({ who, note, patch, moveTo }) =>
      named(`updateNote by ${who}`, (world: World) => {
        const id = pick(world.notes, note);
        const input = {
          id,
          ...patch,
          ...(moveTo === null ? {} : moveTo < 3 ? { projectId: pick(world.projects, moveTo) } : { projectId: null }),
        };
        return (
          id &&
          mutate(world, who, `mutation($i: UpdateNoteInput!) { updateNote(input: $i) { clientMutationId } }`, {
            i: input,
          })
        );
      }),
    ),
  fc.record({ who: actor, note: fc.nat() }).map(({ who, note }) =>
    named(`deleteNote by ${who}`, (world: World) => {
      const id = pick(world.notes, note);
      return id && mutate(world, who, `mutation($id: ID!) { deleteNote(input: { id: $id }) { deletedId } }`, { id });
    }),
  ),
  fc.record({ who: actor, project: fc.nat() }).map(({ who, project }) =>
    named(`deleteProject by ${who}`, (world: World) => {
      const id = pick(world.projects, project);
      return id && mutate(world, who, `mutation($id: ID!) { deleteProject(input: { id: $id }) { deletedId } }`, { id });
    }),
  ),
  fc.record({ who: actor, project: fc.nat(), user: fc.nat(2), add: fc.boolean() }).map(({ who, project, user, add }) =>
    named(`${add ? 'add' : 'remove'} member by ${who}`, (world: World) => {
      const name = add ? 'addToProjectMembersConnection' : 'removeFromProjectMembersConnection';
      const variables = { p: pick(world.projects, project), u: world.users[user].id };
      return (
        variables.p &&
        mutate(
          world,
          who,
          `mutation($p: ID!, $u: ID!) { ${name}(input: { projectId: $p, userId: $u }) { clientMutationId } }`,
          variables,
        )
      );
    }),
  ),
  fc.record({ user: fc.nat(2), add: fc.boolean() }).map(({ user, add }) =>
    named(`${add ? 'grant' : 'revoke'} Executives`, (world: World) => {
      const name = add ? 'addToUserRolesConnection' : 'removeFromUserRolesConnection';
      const level = add ? ', accessLevel: readonly' : '';
      return mutate(
        world,
        -1,
        `mutation($u: ID!, $r: ID!) { ${name}(input: { userId: $u, roleId: $r${level} }) { clientMutationId } }`,
        { u: world.users[user].id, r: world.executives },
      );
    }),
  ),
);

async function startWorld(env: Record<string, string>): Promise<World> {
  const server = await startTestServer({ schema: SCHEMA, permissions: RULES, env });
  const admin = await createAdminToken(server.store, 'model');
  const users = [await signUp(server, 'alice'), await signUp(server, 'bob'), await signUp(server, 'carol')];
  const role = await server.request(
    `{ allRoles(where: { name: { eq: "Executives" } }) { edges { node { id } } } }`,
    {},
    admin,
  );
  const world: World = {
    server,
    admin,
    users,
    executives: role.data.allRoles.edges[0].node.id,
    watches: [],
    sockets: [],
    ticks: undefined!,
    notes: [],
    projects: [],
  };
  for (let i = 0; i < 3; i++) {
    const created = await server.request(
      `mutation($n: String) { createProject(input: { name: $n }) { changedProject { id } } }`,
      { n: `p${i}` },
      admin,
    );
    world.projects.push(created.data.createProject.changedProject.id);
  }
  const viewers = [
    { who: 'anonymous' },
    { who: 'admin', token: admin },
    ...users.map((user) => ({ who: user.username, token: user.token })),
  ];
  const watches: Watch[] = viewers.flatMap((viewer) => [
    { ...viewer, type: 'Note' as const },
    { ...viewer, type: 'Note' as const, where: { title: { eq: 'alpha' } } },
    ...(viewer.token
      ? [
          { ...viewer, type: 'Note' as const, where: { project: { eq: world.projects[0] } } },
          { ...viewer, type: 'Note' as const, where: { rank: { gte: 2 } } },
        ]
      : []),
    { ...viewer, type: 'Project' as const },
  ]);
  for (const watch of watches) {
    const socket = connect(server.url, watch.token ? { token: watch.token } : {});
    world.sockets.push(socket);
    const fields = watch.type === 'Note' ? NOTE_FIELDS : PROJECT_FIELDS;
    const subscription = subscribe(
      socket,
      `subscription($w: ${watch.type}WhereInput) { subscribeTo${watch.type}(where: $w) { mutation node { ${fields} } previousValues { id } updatedFields } }`,
      { w: watch.where ?? null },
    );
    world.watches.push({ watch, subscription, seen: new Map(), consumed: 0 });
  }
  const tickSocket = connect(server.url, { token: admin });
  world.sockets.push(tickSocket);
  world.ticks = subscribe(tickSocket, `subscription { subscribeToTick { node { n } } }`);
  await eventually(
    () => (server.realtime.subscriptions() >= watches.length + 1 ? true : undefined),
    'every subscription',
  );
  for (const entry of world.watches) entry.seen = await listed(world, entry.watch);
  return world;
}

/** After a write: everything it caused has arrived, on every socket (a tick written after it has been judged, and sent). */
async function fence(world: World, tick: number): Promise<void> {
  await world.server.request(
    `mutation($n: Int) { createTick(input: { n: $n }) { clientMutationId } }`,
    { n: tick },
    world.admin,
  );
  await received(world.ticks, tick, `tick ${tick}`);
  await settle(world.server, world.sockets);
}

async function stopWorld(world: World): Promise<void> {
  await Promise.all(world.sockets.map((socket) => socket.dispose()));
  await world.server.stop();
}

/** Each run gets a fresh store: a temporary SQLite directory, or a MongoDB database of its own, dropped after. */
interface StoreForRun {
  env(): Record<string, string>;
  dispose(env: Record<string, string>): Promise<void>;
}
const stores: [string, StoreForRun][] = [['sqlite', { env: () => ({}), dispose: async () => undefined }]];
const mongoUri = process.env.MONGODB_URI;
if (mongoUri) {
  let runs = 0;
  stores.push([
    'mongo',
    {
      env: () => ({ MONGODB_URI: withDatabase(mongoUri, `graphkeep_model_${process.pid}_${Date.now()}_${runs++}`) }),
      async dispose(env) {
        const client = await MongoClient.connect(env.MONGODB_URI);
        try {
          await client.db().dropDatabase();
        } finally {
          await client.close();
        }
      },
    },
  ]);
}

describe.each(stores)('subscriptions against two reads, on %s', (_store, store) => {
  test('after each random write, each subscriber received exactly the difference of its query', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(STEP, { minLength: 1, maxLength: STEPS }), async (steps) => {
        const env = store.env();
        const world = await startWorld(env);
        try {
          for (const [index, [name, step]] of steps.entries()) {
            await step(world);
            await fence(world, index + 1);
            for (const entry of world.watches) {
              const now = await listed(world, entry.watch);
              const results = entry.subscription.events.slice(entry.consumed);
              entry.consumed = entry.subscription.events.length;
              expect([name, entry.watch, entry.subscription.errors, receivedEvents(entry.watch, results)]).toEqual([
                name,
                entry.watch,
                [],
                expectedEvents(entry.seen, now),
              ]);
              entry.seen = now;
            }
          }
        } finally {
          await stopWorld(world);
          await store.dispose(env);
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  }, 600_000);
});
