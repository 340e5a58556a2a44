import { Aggregator } from 'mingo';
import { Binary, type ChangeStreamDocument } from 'mongodb';
import type { ChangeEvent, StoredDoc } from '../Store';
import {
  changeEventFromMongo,
  changeStreamPipeline,
  COMMIT_MARKER_INDEX,
  COMMIT_MARKER_TTL_SECONDS,
  commitMarker,
  COMMITS_COLLECTION,
  CommitAssembler,
} from './changeStream';

const ns = { db: 'app', coll: 'Post' };
const common = { _id: { _data: 'token' }, documentKey: { _id: 'p1' }, ns };
const event = (fields: Record<string, unknown>) =>
  ({ ...common, ...fields }) as unknown as ChangeStreamDocument<StoredDoc>;

const CASES: [string, ChangeStreamDocument<StoredDoc>, Omit<ChangeEvent, 'commit'> | null][] = [
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
    expect(changeEventFromMongo(input, 'c1')).toEqual(expected && { ...expected, commit: 'c1' });
  });
});

const session = (byte: number) => ({ id: new Binary(Buffer.alloc(16, byte), 4) });
/** A write of transaction `txn` of session `s` (or outside any transaction), with its resume token. */
const write = (id: string, token: string, inTransaction?: { s: number; txn: number }, coll = 'Post') =>
  ({
    _id: { _data: token },
    operationType: 'insert',
    ns: { db: 'app', coll },
    documentKey: { _id: id },
    fullDocument: { _id: id },
    ...(inTransaction ? { lsid: session(inTransaction.s), txnNumber: inTransaction.txn } : {}),
  }) as unknown as ChangeStreamDocument<StoredDoc>;
const marker = (token: string, inTransaction: { s: number; txn: number }) =>
  write(`m-${token}`, token, inTransaction, COMMITS_COLLECTION);

describe('CommitAssembler: the writes of one transaction become one commit', () => {
  const ids = (commits: ChangeEvent[][]) => commits.map((commit) => commit.map((e) => e.id));
  const T1 = { s: 1, txn: 7 };
  const T2 = { s: 2, txn: 7 };

  test.each<[string, ChangeStreamDocument<StoredDoc>[], string[][][]]>([
    ['a write outside a transaction is a commit at once', [write('a', 't1')], [[['a']]]],
    [
      "a transaction's writes wait for its marker, which is not itself a change",
      [write('a', 't1', T1), write('b', 't2', T1), marker('t3', T1)],
      [[], [], [['a', 'b']]],
    ],
    [
      'a transaction without a marker (another tool) ends at the next event',
      [write('a', 't1', T1), write('b', 't2', T2), marker('t3', T2)],
      [[], [['a']], [['b']]],
    ],
    [
      'the same transaction number in another session is another transaction',
      [write('a', 't1', T1), write('b', 't2', T2), write('c', 't3')],
      [[], [['a']], [['b'], ['c']]],
    ],
  ])('%s', (_name, stream, expected) => {
    const assembler = new CommitAssembler();
    expect(stream.map((change) => ids(assembler.accept(change)))).toEqual(expected);
  });

  test('the writes of one transaction share a commit key; single writes are keyed by their resume token', () => {
    const assembler = new CommitAssembler();
    assembler.accept(write('a', 't1', T1));
    const [[a, b]] = [...assembler.accept(write('b', 't2', T1)), ...assembler.accept(marker('t3', T1))];
    expect(a.commit).toBe(b.commit);
    const [[single]] = assembler.accept(write('c', 't4'));
    expect(single.commit).toBe('t4');
    expect(single.commit).not.toBe(a.commit);
  });
});

describe("the change stream's $match, run by mingo", () => {
  const change = (coll: string, operationType: string) => ({ ns: { db: 'app', coll }, operationType });
  test.each([
    [change('Post', 'insert'), true],
    [change('Post', 'delete'), true],
    [change('files.chunks', 'insert'), false],
    [change('files.files', 'delete'), false],
    [change(COMMITS_COLLECTION, 'insert'), true],
    [change(COMMITS_COLLECTION, 'delete'), false],
  ])('%j passes: %s', (input, passes) => {
    const out = new Aggregator(changeStreamPipeline(['files.files', 'files.chunks'])).run([input]);
    expect(out.length === 1).toBe(passes);
  });
});

describe('commit markers', () => {
  test('a fresh id per attempt and the time, which the TTL index expires after COMMIT_MARKER_TTL_SECONDS', () => {
    let n = 0;
    const now = new Date('2026-01-01T00:00:00Z');
    const newId = () => `m${++n}`;
    expect([commitMarker(newId, now), commitMarker(newId, now)]).toEqual([
      { _id: 'm1', at: now },
      { _id: 'm2', at: now },
    ]);
    expect(COMMIT_MARKER_INDEX).toEqual({
      key: { at: 1 },
      options: { name: 'gk_commits_expire', expireAfterSeconds: COMMIT_MARKER_TTL_SECONDS },
    });
    expect(COMMIT_MARKER_TTL_SECONDS).toBe(300);
  });
});
