import { GraphQLError } from 'graphql';
import { BoundedCache } from './BoundedCache';

/** Characters of query text kept for persisted queries, per process; the least recently used go first. */
export const MAX_PERSISTED_QUERY_TEXT = 1_000_000;

/**
 * Automatic persisted queries (Apollo's APQ, docs/api.md): a client sends
 * `extensions.persistedQuery = { version: 1, sha256Hash }` without the query; the server
 * answers PERSISTED_QUERY_NOT_FOUND until the client has sent the query once with its hash.
 * Over HTTP and WebSocket alike.
 */
export class PersistedQueries {
  private readonly texts = new BoundedCache<string>(MAX_PERSISTED_QUERY_TEXT);

  /**
   * The query to run: `query` itself, checked against the hash it came with, or the text
   * remembered for the hash; a refusal when the extension is malformed or unknown.
   * `register` is true when the text should be remembered once the operation is admitted.
   */
  resolve(
    query: string | undefined,
    extension: unknown,
    hashOf: (text: string) => string,
  ): { query: string; hash: string; register: boolean } | GraphQLError {
    if (typeof extension !== 'object' || extension === null)
      return badRequest('extensions.persistedQuery must be an object');
    const { version, sha256Hash } = extension as { version?: unknown; sha256Hash?: unknown };
    if (version !== 1) return badRequest(`persisted query version ${JSON.stringify(version)} is not supported: use 1`);
    if (typeof sha256Hash !== 'string' || !/^[0-9a-f]{64}$/.test(sha256Hash))
      return badRequest('extensions.persistedQuery.sha256Hash must be 64 lowercase hex digits (SHA-256)');
    if (query === undefined) {
      const remembered = this.texts.get(sha256Hash);
      if (remembered === undefined)
        return new GraphQLError('PersistedQueryNotFound', {
          extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 200 } },
        });
      return { query: remembered, hash: sha256Hash, register: false };
    }
    const hash = hashOf(query);
    if (hash !== sha256Hash) return badRequest('extensions.persistedQuery.sha256Hash is not the SHA-256 of the query');
    return { query, hash, register: true };
  }

  remember(hash: string, query: string): void {
    this.texts.set(hash, query, query.length);
  }
}

function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
}
