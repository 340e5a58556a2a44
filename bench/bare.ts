import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { buildSchema, graphql, type GraphQLSchema } from 'graphql';

/**
 * The floor to compare Graphkeep against: graphql-js `graphql()` over the same SQLite file,
 * with a hand-written resolver doing what a page must do and nothing else — one indexed
 * SELECT … ORDER BY … LIMIT for the page and one batched lookup of the authors — behind a
 * minimal node:http server. No auth, rules, cursors, limits or Apollo. It reads Graphkeep's
 * own tables, so rows, JSON parsing and indexes cost the same on both sides.
 */
const BARE_SCHEMA = buildSchema(/* GraphQL */ `
  type User {
    username: String
  }
  type Note {
    title: String
    author: User
  }
  type NoteEdge {
    node: Note
  }
  type NoteConnection {
    edges: [NoteEdge]
  }
  type Query {
    allNotes(first: Int!): NoteConnection!
  }
`);

export type Row = { id: string; doc: string };

export interface BareServer {
  url: string;
  close(): Promise<void>;
}

export async function startBareServer(sqliteFile: string): Promise<BareServer> {
  const db = new Database(sqliteFile, { readonly: true });
  // The same expression the `createdAt, _id` index is built on, so SQLite walks that index.
  const page = db.prepare(`SELECT id, doc FROM "c_Note" ORDER BY json_extract(doc, '$.createdAt'), id LIMIT ?`);
  const users = db.prepare(`SELECT id, doc FROM "c_User" WHERE id IN (SELECT value FROM json_each(?))`);

  const rootValue = {
    allNotes({ first }: { first: number }) {
      const notes = (page.all(first) as Row[]).map((row) => JSON.parse(row.doc) as { title: string; author?: string });
      const authorIds = [
        ...new Set(notes.map((note) => note.author).filter((id): id is string => typeof id === 'string')),
      ];
      const authors = new Map(
        (users.all(JSON.stringify(authorIds)) as Row[]).map((row) => [
          row.id,
          JSON.parse(row.doc) as { username: string },
        ]),
      );
      return {
        edges: notes.map((note) => ({
          node: { title: note.title, author: note.author ? (authors.get(note.author) ?? null) : null },
        })),
      };
    },
  };
  return serveBare(db, BARE_SCHEMA, () => rootValue);
}

/**
 * graphql-js behind a minimal node:http server; `rootFor` gives each request its root value
 * (a fresh one where resolvers batch per request).
 */
export async function serveBare(
  db: Database.Database,
  schema: GraphQLSchema,
  rootFor: () => unknown,
): Promise<BareServer> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { query, variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        query: string;
        variables?: Record<string, unknown>;
      };
      void graphql({ schema, source: query, rootValue: rootFor(), variableValues: variables }).then((result) => {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify(result));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      db.close();
    },
  };
}
