import Database from 'better-sqlite3';
import DataLoader from 'dataloader';
import { buildSchema } from 'graphql';
import { serveBare, type BareServer, type Row } from './bare';

/**
 * The floor for the relation cases, as `bare.ts` is for the list cases: graphql-js over the
 * relations bench's SQLite file, answering the flat and the nested page with the least work a
 * correct answer needs — one indexed page of posts, then one query for all their comments
 * (counted in JS) and one for all their tags, batched per request with DataLoader. No auth,
 * rules, cursors, pageInfo or Apollo.
 */
const BARE_RELATIONS_SCHEMA = buildSchema(/* GraphQL */ `
  type Comment {
    text: String
  }
  type CommentEdge {
    node: Comment
  }
  type CommentConnection {
    totalCount: Int!
    edges: [CommentEdge!]!
  }
  type Tag {
    name: String
  }
  type TagEdge {
    node: Tag
  }
  type TagConnection {
    edges: [TagEdge!]!
  }
  type Post {
    title: String
    comments(first: Int!): CommentConnection!
    tags(first: Int!): TagConnection!
  }
  type PostEdge {
    node: Post
  }
  type PostConnection {
    edges: [PostEdge!]!
  }
  type Query {
    allPosts(first: Int!): PostConnection!
  }
`);

type Grouped = Row & { parent: string };

export async function startBareRelationsServer(sqliteFile: string): Promise<BareServer> {
  const db = new Database(sqliteFile, { readonly: true });
  const posts = db.prepare(`SELECT id, doc FROM "c_Post" ORDER BY json_extract(doc, '$.createdAt'), id LIMIT ?`);
  const comments = db.prepare(`SELECT id, doc, json_extract(doc, '$.post') AS parent FROM "c_Comment"
    WHERE json_extract(doc, '$.post') IN (SELECT value FROM json_each(?)) ORDER BY parent, json_extract(doc, '$.createdAt'), id`);
  const tags =
    db.prepare(`SELECT t.id AS id, t.doc AS doc, json_extract(l.doc, '$.post') AS parent FROM "c__link_PostTags" AS l
    JOIN "c_Tag" AS t ON t.id = json_extract(l.doc, '$.tag') WHERE json_extract(l.doc, '$.post') IN (SELECT value FROM json_each(?))
    ORDER BY parent, json_extract(t.doc, '$.createdAt'), t.id`);
  const byParent = (rows: Grouped[], parents: readonly string[]) => {
    const found = new Map<string, Row[]>(parents.map((parent) => [parent, []]));
    for (const row of rows) found.get(row.parent)?.push(row);
    return parents.map((parent) => found.get(parent)!);
  };

  return serveBare(db, BARE_RELATIONS_SCHEMA, () => {
    const commentsOf = new DataLoader<string, Row[]>(async (ids) =>
      byParent(comments.all(JSON.stringify(ids)) as Grouped[], ids),
    );
    const tagsOf = new DataLoader<string, Row[]>(async (ids) =>
      byParent(tags.all(JSON.stringify(ids)) as Grouped[], ids),
    );
    const post = (row: Row) => ({
      title: (JSON.parse(row.doc) as { title: string }).title,
      async comments({ first }: { first: number }) {
        const rows = await commentsOf.load(row.id);
        return {
          totalCount: rows.length,
          edges: rows.slice(0, first).map((c) => ({ node: JSON.parse(c.doc) as { text: string } })),
        };
      },
      async tags({ first }: { first: number }) {
        return {
          edges: (await tagsOf.load(row.id))
            .slice(0, first)
            .map((t) => ({ node: JSON.parse(t.doc) as { name: string } })),
        };
      },
    });
    return {
      allPosts: ({ first }: { first: number }) => ({
        edges: (posts.all(first) as Row[]).map((row) => ({ node: post(row) })),
      }),
    };
  });
}
