import type { ChangeStreamDocument } from 'mongodb';
import type { ChangeEvent, StoredDoc } from '../Store';
import { changeEventFromMongo } from './changeStream';

const ns = { db: 'app', coll: 'Post' };
const common = { _id: { _data: 'token' }, documentKey: { _id: 'p1' }, ns };
const event = (fields: Record<string, unknown>) =>
  ({ ...common, ...fields }) as unknown as ChangeStreamDocument<StoredDoc>;

const CASES: [string, ChangeStreamDocument<StoredDoc>, ChangeEvent | null][] = [
  [
    'insert: the new document',
    event({ operationType: 'insert', fullDocument: { _id: 'p1', title: 'a' } }),
    { collection: 'Post', id: 'p1', before: null, after: { _id: 'p1', title: 'a' } },
  ],
  [
    'update with both images',
    event({
      operationType: 'update',
      updateDescription: { updatedFields: { title: 'b' } },
      fullDocumentBeforeChange: { _id: 'p1', title: 'a' },
      fullDocument: { _id: 'p1', title: 'b' },
    }),
    { collection: 'Post', id: 'p1', before: { _id: 'p1', title: 'a' }, after: { _id: 'p1', title: 'b' } },
  ],
  [
    'update without a post-image: the pre-image with the change applied',
    event({
      operationType: 'update',
      updateDescription: { updatedFields: { title: 'b' }, removedFields: ['body'] },
      fullDocumentBeforeChange: { _id: 'p1', title: 'a', body: 'x', views: 1 },
    }),
    {
      collection: 'Post',
      id: 'p1',
      before: { _id: 'p1', title: 'a', body: 'x', views: 1 },
      after: { _id: 'p1', title: 'b', views: 1 },
    },
  ],
  [
    'replace',
    event({
      operationType: 'replace',
      fullDocumentBeforeChange: { _id: 'p1', n: 1 },
      fullDocument: { _id: 'p1', n: 2 },
    }),
    { collection: 'Post', id: 'p1', before: { _id: 'p1', n: 1 }, after: { _id: 'p1', n: 2 } },
  ],
  [
    'delete: the pre-image',
    event({ operationType: 'delete', fullDocumentBeforeChange: { _id: 'p1', n: 1 } }),
    { collection: 'Post', id: 'p1', before: { _id: 'p1', n: 1 }, after: null },
  ],
  [
    'delete without a pre-image',
    event({ operationType: 'delete' }),
    { collection: 'Post', id: 'p1', before: null, after: null },
  ],
  ['not a document write: ignored', event({ operationType: 'drop' }), null],
];

describe('changeEventFromMongo', () => {
  test.each(CASES)('%s', (_name, input, expected) => {
    expect(changeEventFromMongo(input)).toEqual(expected);
  });
});
