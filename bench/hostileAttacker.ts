import { request, Agent } from 'node:http';
import { connect } from 'node:net';
import { abortedMultipart, nearMiss, signUpFlood, textFilterAttack } from './attacks';

/**
 * The anonymous client of `bench/hostile.ts`, in a process of its own and from its own
 * loopback address (127.0.0.2): `connections` loops that send one kind of attack back to back
 * for `seconds`, then print one line of JSON: how many were sent and what came back.
 *
 *   npx tsx bench/hostileAttacker.ts '{"url":"http://127.0.0.1:4000/graphql","kind":"text-filters","connections":1,"seconds":10,"signUpBatch":10}'
 */
export type AttackKind = 'text-filters' | 'sign-ups' | 'multipart-aborts';

export interface AttackSpec {
  url: string;
  kind: AttackKind;
  connections: number;
  seconds: number;
  /** Users per `createManyUsers`: the most an anonymous request may create (10; 100 before that bound). */
  signUpBatch: number;
}

export interface AttackResult {
  kind: AttackKind;
  sent: number;
  /** What the server answered, by `extensions.code` (or `data`, or the transport error). */
  answers: Record<string, number>;
}

const FROM = '127.0.0.2';

function post(url: string, body: object, agent: Agent): Promise<string> {
  const text = JSON.stringify(body);
  return new Promise((resolve) => {
    const outgoing = request(
      url,
      {
        method: 'POST',
        agent,
        localAddress: FROM,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) },
      },
      (response) => {
        let answer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (answer += chunk));
        response.on('error', () => resolve('response error'));
        response.on('end', () => {
          try {
            const json = JSON.parse(answer) as { errors?: { extensions?: { code?: string } }[] };
            resolve(json.errors ? (json.errors[0].extensions?.code ?? 'error') : 'data');
          } catch {
            resolve(`HTTP ${response.statusCode}`);
          }
        });
      },
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'socket error'));
    outgoing.end(text);
  });
}

/** Half a multipart request on a raw socket, then the socket closes: the client went away mid-upload. */
function abortUpload(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port), localAddress: FROM }, () => {
      socket.write(abortedMultipart(`${hostname}:${port}`));
      setTimeout(() => {
        socket.destroy();
        resolve('aborted');
      }, 20);
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'socket error'));
  });
}

export async function attack(spec: AttackSpec): Promise<AttackResult> {
  const until = Date.now() + spec.seconds * 1000;
  const answers: Record<string, number> = {};
  let sent = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const once = (loop: number, round: number): Promise<string> => {
    if (spec.kind === 'text-filters') return post(spec.url, textFilterAttack(nearMiss(256), 200, 4), agent);
    if (spec.kind === 'sign-ups')
      return post(spec.url, signUpFlood(spec.signUpBatch, `flood-${process.pid}-${loop}-${round}`), agent);
    return abortUpload(spec.url);
  };
  await Promise.all(
    Array.from({ length: spec.connections }, async (_, loop) => {
      for (let round = 0; Date.now() < until; round++) {
        const answer = await once(loop, round);
        sent += 1;
        answers[answer] = (answers[answer] ?? 0) + 1;
      }
    }),
  );
  agent.destroy();
  return { kind: spec.kind, sent, answers };
}

if (require.main === module) {
  attack(JSON.parse(process.argv[2]) as AttackSpec).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
