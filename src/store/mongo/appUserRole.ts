import type { Collection, Db, Document, GridFSBucket } from 'mongodb';

/**
 * The privilege actions MongoDB checks for what the adapter does (MongoDB's manual, "Privilege
 * Actions"). Only these: no `dropCollection`, `dropDatabase`, `renameCollection…` or user admin.
 */
export type PrivilegeAction =
  | 'find'
  | 'insert'
  | 'update'
  | 'remove'
  | 'createCollection'
  | 'createIndex'
  | 'collMod'
  | 'listCollections'
  | 'listIndexes'
  | 'changeStream';

type Calls<T> = Partial<Record<keyof T, readonly PrivilegeAction[]>>;

/**
 * Every driver call the adapter (`MongoStore`, `MongoChangeFeed`, `GridFsFileStore`) makes, and
 * the actions the server checks for it. Keyed by the driver's own method names, so a renamed or
 * removed call fails the type check; `appUserRole.test.ts` checks that the sources call nothing
 * else. Transactions (`withSession`, `withTransaction`) and `ping` need no privilege.
 */
export const DRIVER_CALLS = {
  db: {
    listCollections: ['listCollections'],
    // Only with `changeStreamPreAndPostImages`: set at creation (readWrite allows that) …
    createCollection: ['createCollection'],
    // … and with `collMod` on a collection that exists without it (docs/production.md).
    command: ['collMod'],
    // A database-wide change stream with pre-images: `changeStream` and `find` on the database.
    watch: ['changeStream', 'find'],
  } satisfies Calls<Db>,
  collection: {
    find: ['find'],
    aggregate: ['find'],
    countDocuments: ['find'],
    insertOne: ['insert'],
    updateOne: ['update'],
    deleteMany: ['remove'],
    createIndexes: ['createIndex'],
  } satisfies Calls<Collection>,
  // GridFS writes `files.files` and `files.chunks` and, on its first upload, lists and creates their indexes.
  gridFsBucket: {
    openUploadStreamWithId: ['insert', 'find', 'listIndexes', 'createIndex'],
    openDownloadStream: ['find'],
    find: ['find'],
    delete: ['remove'],
  } satisfies Calls<GridFSBucket>,
} as const;

/** The role deploy/mongo-init.js gives the API's user, in the API's database. */
export const APP_ROLE = 'graphkeepApp';

/**
 * `createRole` for the API's user: exactly the actions of `DRIVER_CALLS`, on every collection of
 * `database` and nothing else. readWrite lacks `collMod`, which turning on change-stream pre-images
 * for an existing collection needs, and holds `dropCollection`, which Graphkeep never needs.
 */
export function appUserRole(database: string): Document & { createRole: string; privileges: Document[] } {
  const perCall: (readonly PrivilegeAction[])[] = Object.values(DRIVER_CALLS).flatMap((calls) => Object.values(calls));
  const actions = new Set(perCall.flat());
  return {
    createRole: APP_ROLE,
    privileges: [{ resource: { db: database, collection: '' }, actions: [...actions].sort() }],
    roles: [],
  };
}
