import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * The grant fan-out bench's clients, in a process of their own (`bench/grantFanout.ts` forks
 * it): one subscriber whose view one link decides, the others spread over users it does not
 * concern. Adds and removes that link in turn; for each change, when every event arrived
 * relative to the mutation's HTTP response.
 *
 * IPC in: the `GrantFanoutSpec` as argv[2]; `{ go: true }` once the server serves every
 * subscription. IPC out: `{ subscribed: true }`, then the `GrantFanoutResult`.
 */
export interface GrantFanoutSpec {
  url: string;
  adminToken: string;
  /** The user the link adds to and removes from the project, and that user's token. */
  memberId: string;
  memberToken: string;
  projectId: string;
  /** Tokens of users the link does not concern. */
  otherTokens: string[];
  subscribers: number;
  /** Objects one change brings into (or takes out of) the member's view. */
  reached: number;
  changes: number;
}

export interface GrantFanoutResult {
  changes: number;
  /** Events the member's subscription received (expected: changes × reached). */
  delivered: number;
  /** Events received by the other subscribers (expected: 0). */
  leaked: number;
  /** Event arrival minus the change's HTTP response, ms, sorted ascending. */
  latenciesMs: number[];
  /** Per change: response to the last event, ms. */
  lastEventMs: number[];
}

const SUBSCRIPTIONS_PER_CONNECTION = 10;
const WARM_UP_CHANGES = 2;
const QUERY = 'subscription { subscribeToNote { mutation node { title } } }';
const now = () => performance.timeOrigin + performance.now();

function open(url: string, token: string, subscriptions: number, onEvent: () => void): Client[] {
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
      client.subscribe(
        { query: QUERY },
        {
          next: onEvent,
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

async function run(spec: GrantFanoutSpec): Promise<GrantFanoutResult> {
  let arrivals: number[] = [];
  let leaked = 0;
  const clients = open(spec.url, spec.memberToken, 1, () => arrivals.push(now()));
  const others = spec.subscribers - 1;
  const perUser = Math.ceil(others / spec.otherTokens.length);
  for (let i = 0, left = others; left > 0; i++, left -= perUser) {
    clients.push(
      ...open(spec.url, spec.otherTokens[i], Math.min(perUser, left), () => {
        leaked++;
      }),
    );
  }
  process.send!({ subscribed: true });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));

  const latenciesMs: number[] = [];
  const lastEventMs: number[] = [];
  let delivered = 0;
  // Two changes (an add and a remove) first, thrown away: JIT and statement caches.
  for (let change = -WARM_UP_CHANGES; change < spec.changes; change++) {
    const name =
      (change + WARM_UP_CHANGES) % 2 === 0 ? 'addToProjectMembersConnection' : 'removeFromProjectMembersConnection';
    arrivals = [];
    const response = await fetch(spec.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${spec.adminToken}` },
      body: JSON.stringify({
        query: `mutation($p: ID!, $u: ID!) { ${name}(input: { projectId: $p, userId: $u }) { clientMutationId } }`,
        variables: { p: spec.projectId, u: spec.memberId },
      }),
    });
    const respondedAt = now();
    const body = await response.text();
    if (body.includes('"errors"')) throw new Error(`link change failed: ${body}`);
    // Bounded wait for every event of this change.
    for (let attempt = 0; attempt < 600 && arrivals.length < spec.reached; attempt++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    if (change < 0) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      continue;
    }
    delivered += arrivals.length;
    for (const at of arrivals) latenciesMs.push(Math.max(0, at - respondedAt));
    lastEventMs.push(arrivals.length > 0 ? Math.max(0, arrivals[arrivals.length - 1] - respondedAt) : NaN);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  latenciesMs.sort((a, b) => a - b);
  await Promise.all(clients.map((client) => client.dispose()));
  return { changes: spec.changes, delivered, leaked, latenciesMs, lastEventMs };
}

if (require.main === module) {
  run(JSON.parse(process.argv[2]) as GrantFanoutSpec).then(
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
