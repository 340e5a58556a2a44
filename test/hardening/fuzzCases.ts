import { createHash } from 'node:crypto';
import { BOUNDARY, FORM_END, formPart } from '../support/rawHttp';

/** A small seeded PRNG (mulberry32), so a failure replays with the same FUZZ_SEED. */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  return { next, int, pick, chance: (p: number) => next() < p };
}
export type Random = ReturnType<typeof random>;

/** The app the fuzzer runs against: a unique field to conflict on, an Int to mistype, a file to upload. */
export const FUZZ_SCHEMA = `
  type Post @model {
    title: String!
    slug: String! @unique
    views: Int
    cover: File @upload(accept: ["image/png"], maxSize: "8KB")
  }
`;
export const FUZZ_PERMISSIONS = { Post: [{ scope: 'EVERYONE', read: true, create: true }] };

const CREATE = 'mutation($input: CreatePostInput!) { createPost(input: $input) { changedPost { id } } }';
const CREATE_MANY =
  'mutation($input: CreateManyPostsInput!) { createManyPosts(input: $input) { changedPosts { id } } }';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 3)]);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** A GraphQL request as either transport carries it, as JSON text (deep values are written, not stringified). */
export interface FuzzOperation {
  json: string;
  /** How many posts it stores if it succeeds (0 for queries). */
  writes: number;
  /** A subscription, which runs until the client ends it. */
  subscription?: boolean;
}

let slugs = 0;
/** A post input that is valid, or wrong in one way a client gets wrong. */
function postInput(r: Random): { input: Record<string, unknown>; valid: boolean } {
  const slug = `fz-${slugs++}`;
  switch (r.int(8)) {
    case 0:
      return { input: { title: 5, slug }, valid: false };
    case 1:
      return { input: { title: 't', slug, views: r.pick(['x', 1.5, 2 ** 31, [], {}, true]) }, valid: false };
    case 2:
      return { input: { title: 't', slug: 'fz-taken' }, valid: false };
    case 3:
      return { input: { title: 't', slug, [r.pick(['nope', 'id', 'createdAt'])]: 1 }, valid: false };
    case 4:
      return { input: { title: 'x'.repeat(70_000), slug }, valid: false };
    default:
      return { input: { title: r.pick(['t', '💥', '', '%%%']), slug, views: r.int(100) }, valid: true };
  }
}

const nested = (open: string, close: string, levels: number, inner: string) =>
  `${open.repeat(levels)}${inner}${close.repeat(levels)}`;

/** Operations for HTTP and WebSocket alike: hostile, malformed, and some that should succeed. */
export function operation(r: Random): FuzzOperation {
  const json = (value: unknown, writes = 0) => ({ json: JSON.stringify(value), writes });
  switch (r.int(16)) {
    case 0: {
      const { input, valid } = postInput(r);
      return json({ query: CREATE, variables: { input } }, valid ? 1 : 0);
    }
    case 1: {
      const items = Array.from({ length: 1 + r.int(4) }, () => postInput(r));
      return json(
        { query: CREATE_MANY, variables: { input: { items: items.map((item) => item.input) } } },
        items.every((item) => item.valid) ? items.length : 0,
      );
    }
    case 2:
      return json({
        query: `{ allPosts(where: ${nested('{ AND: [', ' ] }', r.int(3000), '{ title: { eq: "x" } }')}) { totalCount } }`,
      });
    case 3:
      return {
        json: `{"query":"query($w: PostWhereInput) { allPosts(where: $w) { totalCount } }","variables":{"w":${nested('{"OR":[', ']}', r.int(3000), '{"title":{"eq":"x"}}')}}}`,
        writes: 0,
      };
    case 4:
      return json({
        query: `{ ${Array.from({ length: r.int(120) }, (_, i) => `a${i}: allPosts { totalCount }`).join(' ')} }`,
      });
    case 5:
      return json({ query: `{ ${'__typename '.repeat(r.int(8000))}}` });
    case 6:
      return json({ query: `{ allPosts { totalCount } }`, operationName: r.pick(['x', 5, null, '', {}]) });
    case 7: {
      const query = r.pick(['{ allPosts { totalCount } }', '{ nope }', '']);
      const hash = r.pick([sha256(query), sha256('other'), 'abc', 5, null]);
      return json({
        query: r.chance(0.5) ? query : undefined,
        extensions: { persistedQuery: { version: r.pick([1, 2, '1', null]), sha256Hash: hash } },
      });
    }
    case 8:
      return json({ query: `{ allPosts(first: ${r.pick([-5, 101, 1e9, '"x"', 'null', '$n'])}) { totalCount } }` });
    case 9:
      return json({
        query: `query($n: Int) { allPosts(first: $n) { totalCount } }`,
        variables: { n: r.pick(['x', 1e308, [], {}, -1, 50]) },
      });
    case 10:
      return json({
        query: r.pick([
          '{ allPosts { ',
          '}}}',
          'query',
          'mutation { }',
          '{ allPosts(where: { title: { in: 5 } }) { totalCount } }',
        ]),
      });
    case 11:
      return json({
        query: `query A { __typename } query B { __typename }`,
        operationName: r.pick([undefined, 'A', 'C']),
      });
    case 12:
      return json({
        query: `{ ${'allPosts { edges { node { title } } } '.repeat(1 + r.int(3))} }`,
        variables: r.pick([[], 'x', null, { a: 1 }]),
      });
    case 13:
      return { ...json({ query: `subscription { subscribeToPost { mutation node { title } } }` }), subscription: true };
    case 14:
      return json({
        query: `{ getPost(id: ${JSON.stringify(r.pick(['x', 'UG9zdDox', Buffer.from('Post:zz').toString('base64'), '']))}) { id } }`,
      });
    default:
      return json(r.pick([null, 5, 'x', [], [{ query: '{ __typename }' }], {}, { query: null }, { query: { a: 1 } }]));
  }
}

/** A JSON-door request: a method, headers and a body or URL parameters, and the posts it may write. */
export interface HttpCase {
  /** A request target sent as it is, over a raw socket (`fetch` would normalise it). */
  target?: string;
  method: 'GET' | 'POST';
  search?: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  writes: number;
}

const TARGETS = [
  'http://[',
  'http://a:99999/graphql',
  '*',
  '/graphiql/constructor',
  '/graphiql/__proto__',
  '/files/%ZZ',
  '/files/..%2f..%2fetc%2fpasswd',
  '/%00',
  '/graphql/../healthz',
  '/graphql?query=%ZZ',
  '/graphql?variables=%7B',
  `/graphql?query=${'%7B'.repeat(3000)}`,
];

/** How deep `[` and `{` nest in `json`, counting brackets inside strings too (an upper bound). */
function bracketNesting(json: string): number {
  let depth = 0;
  let deepest = 0;
  for (const char of json) {
    if (char === '[' || char === '{') deepest = Math.max(deepest, ++depth);
    else if (char === ']' || char === '}') depth--;
  }
  return deepest;
}

export function jsonRequest(r: Random): HttpCase {
  if (r.chance(0.05)) return { target: r.pick(TARGETS), method: 'GET', headers: {}, writes: 0 };
  const op = operation(r);
  const headers: Record<string, string> = {
    'content-type': r.chance(0.9)
      ? 'application/json'
      : r.pick(['text/plain', '', 'application/x-www-form-urlencoded']),
  };
  if (r.chance(0.15))
    headers.accept = r.pick([
      'text/html',
      '*/*',
      'application/graphql-response+json',
      'image/png, */*;q=0',
      'nonsense',
    ]);
  if (r.chance(0.1))
    headers.authorization = r.pick(['Bearer x', 'Bearer a.b.c', 'Basic xx', `Bearer ${'é'.repeat(5000)}`]);
  // Values nested too deep for this process's own JSON.stringify go by POST only.
  if (r.chance(0.15) && op.json.length < 20_000 && bracketNesting(op.json) < 1_000) {
    const parsed = JSON.parse(op.json) as Record<string, unknown> | null;
    const params = new URLSearchParams();
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      for (const [name, value] of Object.entries(parsed))
        params.set(name, typeof value === 'string' ? value : r.chance(0.8) ? JSON.stringify(value) : '{not json');
    }
    // A mutation over GET is refused (405): it writes nothing.
    return { method: 'GET', search: `?${params.toString()}`, headers: { accept: headers.accept ?? '*/*' }, writes: 0 };
  }
  if (r.chance(0.1))
    return {
      method: 'POST',
      headers,
      body: Buffer.from(Array.from({ length: r.int(300) }, () => r.int(256))),
      writes: 0,
    };
  const accepted =
    headers.accept === undefined || (/\*\/\*|graphql-response/.test(headers.accept) && !/q=0\b/.test(headers.accept));
  const json = headers['content-type'] === 'application/json';
  return { method: 'POST', headers, body: op.json, writes: accepted && json && !headers.authorization ? op.writes : 0 };
}

/** A multipart upload, valid or broken in one of the ways the convention can be broken. */
export function multipartRequest(r: Random): HttpCase & { files: number; abortAt?: number } {
  const slug = `fz-${slugs++}`;
  const operations = JSON.stringify({ query: CREATE, variables: { input: { title: 'upload', slug, cover: null } } });
  const map = JSON.stringify({ 0: ['variables.input.cover'] });
  const file = (bytes: Buffer, type = 'image/png', name = '0') => formPart(name, bytes, { filename: 'f.png', type });
  let parts: Buffer[] = [formPart('operations', operations), formPart('map', map), file(PNG), FORM_END];
  let valid = true;
  switch (r.int(12)) {
    case 0:
      parts = [file(PNG), formPart('operations', operations), formPart('map', map), FORM_END];
      valid = false;
      break;
    case 1:
      parts[0] = formPart('operations', '{ nope');
      valid = false;
      break;
    case 2:
      parts[1] = formPart(
        'map',
        r.pick([
          '[]',
          '{"0":["variables.nope"]}',
          '{"0":"x"}',
          '{"0":["input.cover"]}',
          JSON.stringify(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [i, ['variables.input.cover']]))),
        ]),
      );
      valid = false;
      break;
    case 3:
      parts[2] = file(Buffer.from('GIF89a not a png'), 'image/png');
      valid = false;
      break;
    case 4:
      parts[2] = file(Buffer.concat([PNG, Buffer.alloc(9000)]));
      valid = false;
      break;
    case 5:
      parts[2] = Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: attachment; name="0"; filename="f.png"\r\n\r\n${'x'.repeat(100)}\r\n`,
      );
      valid = false;
      break;
    case 6:
      parts.splice(2, 0, file(Buffer.alloc(r.int(5000), 1), 'application/octet-stream', 'x'));
      break;
    case 7: {
      const whole = Buffer.concat(parts);
      const cut = r.int(whole.length);
      parts = [whole.subarray(0, cut)];
      // Cut past the file's closing delimiter (`\r\n--boundary`), only the form's last `--\r\n`
      // is missing: every part arrived whole, so the operation may run and store.
      valid = cut >= whole.length - FORM_END.length + `--${BOUNDARY}`.length;
      break;
    }
    case 8:
      parts[2] = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition form-data\r\n\r\nxx\r\n`);
      valid = false;
      break;
    case 9: {
      const whole = Buffer.concat(parts);
      return {
        method: 'POST',
        headers: {},
        body: whole,
        writes: 0,
        files: 0,
        abortAt: r.int(whole.length - FORM_END.length),
      };
    }
    default:
      break;
  }
  const headers: Record<string, string> = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
  if (r.chance(0.9)) headers['apollo-require-preflight'] = 'true';
  else valid = false;
  if (r.chance(0.05)) {
    headers['content-type'] = r.pick(['multipart/form-data', 'multipart/form-data; boundary=other']);
    valid = false;
  }
  return { method: 'POST', headers, body: Buffer.concat(parts), writes: valid ? 1 : 0, files: valid ? 1 : 0 };
}

/** A WebSocket session: frames sent first (some of which close the connection), then one operation. */
export interface SocketCase {
  connectionParams: Record<string, unknown>;
  before: string[];
  operation: FuzzOperation;
  after: string[];
}

export function socketCase(r: Random): SocketCase {
  const frame = () =>
    r.pick([
      () => '{ not json',
      () =>
        JSON.stringify({
          type: r.pick(['connection_ack', 'next', 'error', 'nope', 'connection_init', 'pong', 'ping', 'complete']),
          id: 'x',
          payload: {},
        }),
      () =>
        JSON.stringify({
          type: 'subscribe',
          id: 'dup',
          payload: { query: 'subscription { subscribeToPost { mutation } }' },
        }),
      () =>
        JSON.stringify({
          type: 'subscribe',
          id: r.pick(['a', '', 5]),
          payload: r.pick([null, {}, { query: 5 }, { query: '{ __typename }', variables: [] }]),
        }),
      () => 'x'.repeat(r.int(300_000)),
      // Never a write that would succeed: one still running when a later frame closes the
      // connection is written with no one to tell, which is the client's own race.
      () => {
        const op = operation(r);
        return `{"type":"subscribe","id":"op${r.int(5)}","payload":${op.writes > 0 ? '{"query":"{ __typename }"}' : op.json}}`;
      },
    ])();
  return {
    connectionParams: r.chance(0.9) ? {} : { token: r.pick(['x', 5, 'Bearer a.b.c', {}]) },
    before: Array.from({ length: r.chance(0.5) ? r.int(4) : 0 }, frame),
    operation: operation(r),
    after: Array.from({ length: r.int(3) }, frame),
  };
}
