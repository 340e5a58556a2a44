import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * The fan-out bench's clients, in a process of their own (`bench/fanout.ts` forks it) so their
 * CPU is not the server's: opens the subscriptions, waits for "go", writes notes at a fixed
 * rate through HTTP, and reports when each event arrived relative to its write's response.
 *
 * IPC in: the `FanoutSpec` as argv[2]; `{ go: true }` once the server serves every
 * subscription. IPC out: `{ subscribed: true }`, then the `FanoutResult`.
 */
export interface FanoutSpec {
  url: string;
  adminToken: string;
  /** Tokens of the users whose subscriptions see the writes (the notes' author)… */
  seeingToken: string;
  /** …and of users whose RELATION rule hides every written note from them. */
  otherTokens: string[];
  seeing: number;
  subscribers: number;
  authorId: string;
  writesPerSecond: number;
  seconds: number;
}

export interface FanoutResult {
  writes: number;
  /** Events received by subscribers allowed to see them (expected: writes × seeing). */
  delivered: number;
  /** Events received by subscribers who may not see the notes (expected: 0). */
  leaked: number;
  /** Event arrival minus the write's HTTP response, ms, sorted ascending. */
  latenciesMs: number[];
}

const SUBSCRIPTIONS_PER_CONNECTION = 10;
const QUERY = 'subscription { subscribeToNote(mutations: [CREATE]) { node { title } } }';
const now = () => performance.timeOrigin + performance.now();

function openClients(url: string, token: string, subscriptions: number, onEvent: (title: string) => void): Client[] {
  const clients: Client[] = [];
  for (let opened = 0; opened < subscriptions; opened += SUBSCRIPTIONS_PER_CONNECTION) {
    const client = createClient({
      url: url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { token },
      lazy: false,
      retryAttempts: 0,
    });
    for (let i = opened; i < Math.min(subscriptions, opened + SUBSCRIPTIONS_PER_CONNECTION); i++) {
      client.subscribe<{ subscribeToNote: { node: { title: string } } }>(
        { query: QUERY },
        {
          next: (result) => onEvent(result.data?.subscribeToNote.node.title ?? ''),
          error: (error) => {
            console.error('subscription failed', error);
            process.exit(1);
          },
          complete: () => undefined,
        },
      );
    }
    clients.push(client);
  }
  return clients;
}

async function run(spec: FanoutSpec): Promise<FanoutResult> {
  const arrivals = new Map<string, number[]>();
  let leaked = 0;
  const clients = openClients(spec.url, spec.seeingToken, spec.seeing, (title) => {
    let list = arrivals.get(title);
    if (!list) arrivals.set(title, (list = []));
    list.push(now());
  });
  const others = spec.subscribers - spec.seeing;
  const perUser = Math.ceil(others / spec.otherTokens.length);
  for (let i = 0, left = others; left > 0; i++, left -= perUser) {
    clients.push(
      ...openClients(spec.url, spec.otherTokens[i], Math.min(perUser, left), () => {
        leaked++;
      }),
    );
  }
  process.send!({ subscribed: true });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));

  const responded = new Map<string, number>();
  const total = spec.writesPerSecond * spec.seconds;
  const interval = 1000 / spec.writesPerSecond;
  const started = now();
  const writes: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    if (due > now()) await new Promise((resolve) => setTimeout(resolve, due - now()));
    const title = `fanout-${i}`;
    writes.push(
      fetch(spec.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${spec.adminToken}` },
        body: JSON.stringify({
          query: 'mutation($input: CreateNoteInput!) { createNote(input: $input) { clientMutationId } }',
          variables: { input: { title, authorId: spec.authorId } },
        }),
      }).then(async (response) => {
        const body = await response.text();
        if (body.includes('"errors"')) throw new Error(`write failed: ${body}`);
        responded.set(title, now());
      }),
    );
  }
  await Promise.all(writes);
  // Stragglers: wait (bounded) for every expected event.
  for (let attempt = 0; attempt < 100; attempt++) {
    let delivered = 0;
    for (const list of arrivals.values()) delivered += list.length;
    if (delivered >= total * spec.seeing) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const latenciesMs: number[] = [];
  let delivered = 0;
  for (const [title, list] of arrivals) {
    const response = responded.get(title);
    delivered += list.length;
    if (response !== undefined) for (const at of list) latenciesMs.push(Math.max(0, at - response));
  }
  latenciesMs.sort((a, b) => a - b);
  await Promise.all(clients.map((client) => client.dispose()));
  return { writes: total, delivered, leaked, latenciesMs };
}

if (require.main === module) {
  run(JSON.parse(process.argv[2]) as FanoutSpec).then(
    (result) => {
      process.send!(result);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
