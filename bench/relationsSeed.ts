import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Relation } from '../src/appModel/AppModel';
import { collectionSpecs } from '../src/appModel/collectionSpecs';
import { linkKeys } from '../src/appModel/linkKeys';
import { loadAppModel } from '../src/appModel/loadAppModel';
import { ADMIN_TOKENS, createAdminToken } from '../src/auth/adminTokens';
import { hashPassword } from '../src/auth/passwords';
import { newTokenVersion, PASSWORD_HASH, TOKEN_VERSION } from '../src/auth/userTokens';
import { newStoredId } from '../src/store/newStoredId';
import { openStore } from '../src/store/openStore';
import type { Store, StoreOperations, StoredDoc } from '../src/store/Store';

/** Posts with comments and tags; comments readable through `post.author` (a dotted RELATION rule). */
export const RELATIONS_SCHEMA = /* GraphQL */ `
  type Post @model {
    title: String!
    author: User @relation(name: "PostAuthor")
    comments: [Comment!]! @relation(name: "PostComments")
    tags: [Tag!]! @relation(name: "PostTags")
  }
  type Comment @model {
    text: String!
    post: Post @relation(name: "PostComments")
  }
  type Tag @model {
    name: String!
    posts: [Post!]! @relation(name: "PostTags")
  }
  extend type User {
    posts: [Post!]! @relation(name: "PostAuthor")
  }
`;

export const RELATIONS_RULES: Record<string, unknown[]> = {
  Post: [{ scope: 'EVERYONE', read: true }],
  Comment: [{ scope: 'RELATION', userFields: ['post.author'], read: true }],
  Tag: [{ scope: 'EVERYONE', read: true }],
  User: [
    { scope: 'EVERYONE', create: true },
    { scope: 'RELATION', userFields: ['me'], read: true },
  ],
};

export const RELATIONS_PASSWORD = 'bench-password-1';
const COMMENTS_PER_POST = 5;
/** The viewers of the RELATION case: one owns many posts, one few; both have comments on every post. */
export const MANY_OWNED = 50_000;
export const FEW_OWNED = 50;
/** The small tag's links: the 1k side of the many-to-many comparison. */
export const FEW_LINKS = 1_000;
const BATCH = 10_000;

export interface RelationsData {
  dataDir: string;
  env: Record<string, string>;
  store: Store;
  adminToken: string;
  users: { many: string; few: string };
  tags: { all: string; few: string };
}

/**
 * `n` posts (at least MANY_OWNED + FEW_OWNED) and `n` comments (5 on each of the first n/5
 * posts), a tag linked to every post and one linked to FEW_LINKS, written through the store port
 * as `createObject` writes them. Posts are interleaved so both viewers' posts carry comments.
 */
export async function seedRelationsData(n: number): Promise<RelationsData> {
  const dataDir = mkdtempSync(join(tmpdir(), `graphkeep-bench-relations-${n}-`));
  const schemaFile = join(dataDir, 'schema.graphql');
  const permissionsDir = join(dataDir, 'permissions');
  writeFileSync(schemaFile, RELATIONS_SCHEMA);
  mkdirSync(permissionsDir);
  for (const [type, rules] of Object.entries(RELATIONS_RULES))
    writeFileSync(join(permissionsDir, `${type}.json`), JSON.stringify(rules));
  const app = loadAppModel(RELATIONS_SCHEMA, schemaFile);
  const store = await openStore({ dataDir });
  await store.ensureCollections([...collectionSpecs(app), ADMIN_TOKENS]);
  const collection = (model: string) => app.models.get(model)!.collection;
  const stamp = () => {
    const now = new Date().toISOString();
    return { createdAt: now, modifiedAt: now };
  };

  const passwordHash = await hashPassword(RELATIONS_PASSWORD);
  const users: StoredDoc[] = ['bench-many', 'bench-few', 'bench-rest'].map((username) => ({
    _id: newStoredId(),
    username,
    [PASSWORD_HASH]: passwordHash,
    [TOKEN_VERSION]: newTokenVersion(),
    ...stamp(),
  }));
  const tags: StoredDoc[] = ['everything', 'some'].map((name) => ({ _id: newStoredId(), name, ...stamp() }));
  await store.transaction(async (tx) => {
    for (const user of users) await tx.insert(collection('User'), user);
    for (const tag of tags) await tx.insert(collection('Tag'), tag);
  });

  const postTags = app.relations.get('PostTags') as Extract<Relation, { kind: 'manyToMany' }>;
  const [postKey, tagKey] = linkKeys(postTags, 'Post');
  const commented = Math.floor(n / COMMENTS_PER_POST);
  // The few-owner's posts are spread over the commented ones, so its comments are sparse.
  const fewEvery = Math.max(1, Math.floor(commented / FEW_OWNED));
  let many = 0;
  let few = 0;
  const inBatches = async (write: (tx: StoreOperations, i: number) => Promise<void>) => {
    for (let start = 0; start < n; start += BATCH) {
      await store.transaction(async (tx) => {
        for (let i = start; i < Math.min(n, start + BATCH); i++) await write(tx, i);
      });
    }
  };
  await inBatches(async (tx, i) => {
    const author =
      few < FEW_OWNED && i % fewEvery === 0 && i < commented
        ? (few++, users[1])
        : many < MANY_OWNED
          ? (many++, users[0])
          : users[2];
    const post = { _id: newStoredId(), title: `Post ${i}`, author: author._id, ...stamp() };
    await tx.insert(collection('Post'), post);
    await tx.insert(postTags.collection, {
      _id: newStoredId(),
      [postKey]: post._id,
      [tagKey]: tags[0]._id,
      createdAt: post.createdAt,
    });
    if (i % Math.floor(n / FEW_LINKS) === 0) {
      await tx.insert(postTags.collection, {
        _id: newStoredId(),
        [postKey]: post._id,
        [tagKey]: tags[1]._id,
        createdAt: post.createdAt,
      });
    }
    if (i < commented) {
      for (let c = 0; c < COMMENTS_PER_POST; c++)
        await tx.insert(collection('Comment'), {
          _id: newStoredId(),
          text: `Comment ${c} on ${i}`,
          post: post._id,
          ...stamp(),
        });
    }
  });

  const adminToken = await createAdminToken(store, 'bench-relations');
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
  return {
    dataDir,
    env,
    store,
    adminToken,
    users: { many: users[0].username as string, few: users[1].username as string },
    tags: { all: tags[0]._id, few: tags[1]._id },
  };
}
