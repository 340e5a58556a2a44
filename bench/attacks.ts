/**
 * The worst requests an anonymous client may send inside the limits (docs/limits.md), as
 * GraphQL bodies: what `bench/textFilters.ts` and `bench/hostile.ts` send.
 */

/** A pattern that matches no `a…a` body and differs from it only in its last character. */
export function nearMiss(length: number): string {
  return `${'a'.repeat(length - 1)}b`;
}

/**
 * `aliases` × `allDocs(where: $w)`, each counting every match, with `$w` an OR of `contains`
 * tests of `pattern` worth `conditions` (docs/limits.md counts an OR entry and its field filter
 * one each): none matches, so every test runs on every object. One variable, so the body grows
 * with the conditions only.
 */
export function textFilterAttack(pattern: string, conditions: number, aliases: number): object {
  const fields = Array.from({ length: aliases }, (_, i) => `a${i}: allDocs(first: 1, where: $w) { totalCount }`);
  const where =
    conditions === 1
      ? { body: { contains: pattern } }
      : { OR: Array.from({ length: conditions / 2 }, () => ({ body: { contains: pattern } })) };
  return { query: `query TextFilters($w: DocWhereInput) { ${fields.join(' ')} }`, variables: { w: where } };
}

/** `createManyUsers` of `count` new users: each a bcrypt hash, unless refused first. */
export function signUpFlood(count: number, prefix: string): object {
  return {
    query:
      'mutation SignUps($items: [CreateUserInput!]!) { createManyUsers(input: { items: $items }) { clientMutationId } }',
    variables: {
      items: Array.from({ length: count }, (_, i) => ({ username: `${prefix}-${i}`, password: 'flood-password' })),
    },
  };
}

/**
 * The head of a GraphQL multipart request (`operations`, `map`, then the start of a file)
 * that a client abandons: the socket closes before the file part ends.
 */
export function abortedMultipart(host: string): string {
  const boundary = 'hostile-boundary';
  const part = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const operations = JSON.stringify({ query: '{ allNotes(first: 1) { totalCount } }', variables: {} });
  const body =
    part('operations', operations) +
    part('map', JSON.stringify({ 0: ['variables.file'] })) +
    `--${boundary}\r\nContent-Disposition: form-data; name="0"; filename="x.bin"\r\nContent-Type: application/octet-stream\r\n\r\n` +
    'x'.repeat(1000);
  return (
    `POST /graphql HTTP/1.1\r\nHost: ${host}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\n` +
    `apollo-require-preflight: true\r\nContent-Length: ${body.length + 100_000}\r\n\r\n${body}`
  );
}
