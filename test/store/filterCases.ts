import type { Filter, StoredDoc } from '../../src/store/Store';
import { MATCH_NOTHING } from '../../src/store/Store';

/**
 * Eight documents where every field is missing somewhere, and text holds regex metacharacters,
 * so the cases below exercise MongoDB's null semantics and the escaping of the text operators.
 */
export const DOCS: StoredDoc[] = [
  { _id: 'd01', name: 'alpha', n: 1, flag: true, tag: 'x', text: 'a.b*c(' },
  { _id: 'd02', name: 'Alpha', n: 2, flag: false, text: 'aXbbc(' },
  { _id: 'd03', name: 'beta', n: 2, tag: 'y', text: 'Hello World' },
  { _id: 'd04', name: 'gamma', n: -3.5, flag: true, tag: 'x', text: '^start$' },
  { _id: 'd05', name: 'delta', flag: false, text: 'hello world' },
  { _id: 'd06', name: 'alphabet', n: 10, tag: 'z' },
  { _id: 'd07', n: 0, flag: true, text: '😀 emoji first' },
  { _id: 'd08', name: 'épsilon', n: 7, tag: 'y', text: 'back\\slash [x]', meta: { a: [1, 'two'] } },
];

const ALL = DOCS.map((doc) => doc._id);

/** [what it shows, filter, ids it matches]. */
export const FILTER_CASES: [string, Filter, string[]][] = [
  ['empty filter matches all', {}, ALL],
  ['MATCH_NOTHING', MATCH_NOTHING, []],
  ['empty $or matches nothing', { $or: [] }, []],
  ['empty $or beside a true condition', { n: { $eq: 1 }, $or: [] }, []],
  ['empty $or nested in $or', { $or: [{ $or: [] }, { _id: { $eq: 'd02' } }] }, ['d02']],
  ['empty $or under $nor', { $nor: [{ $or: [] }] }, ALL],
  ['empty $and and $nor match all', { $and: [], $nor: [] }, ALL],
  ['$eq number', { n: { $eq: 2 } }, ['d02', 'd03']],
  ['$eq does not convert types', { n: { $eq: '2' } }, []],
  ['$eq boolean', { flag: { $eq: true } }, ['d01', 'd04', 'd07']],
  ['$eq null matches missing', { tag: { $eq: null } }, ['d02', 'd05', 'd07']],
  ['$ne matches missing', { tag: { $ne: 'x' } }, ['d02', 'd03', 'd05', 'd06', 'd07', 'd08']],
  ['$ne boolean matches missing', { flag: { $ne: true } }, ['d02', 'd03', 'd05', 'd06', 'd08']],
  ['$ne null', { tag: { $ne: null } }, ['d01', 'd03', 'd04', 'd06', 'd08']],
  ['$in', { tag: { $in: ['x', 'z'] } }, ['d01', 'd04', 'd06']],
  ['$in with null matches missing', { tag: { $in: ['y', null] } }, ['d02', 'd03', 'd05', 'd07', 'd08']],
  ['$in empty', { tag: { $in: [] } }, []],
  ['$in on _id', { _id: { $in: ['d03', 'd05', 'nope'] } }, ['d03', 'd05']],
  ['$nin matches missing', { tag: { $nin: ['x'] } }, ['d02', 'd03', 'd05', 'd06', 'd07', 'd08']],
  ['$nin with null excludes missing', { tag: { $nin: ['x', null] } }, ['d03', 'd06', 'd08']],
  ['$lt never matches missing', { n: { $lt: 2 } }, ['d01', 'd04', 'd07']],
  ['$lte', { n: { $lte: 2 } }, ['d01', 'd02', 'd03', 'd04', 'd07']],
  ['$gt', { n: { $gt: 2 } }, ['d06', 'd08']],
  ['$gte and $lt on one field', { n: { $gte: 2, $lt: 10 } }, ['d02', 'd03', 'd08']],
  ['range on strings is case-sensitive', { name: { $gt: 'alpha' } }, ['d03', 'd04', 'd05', 'd06', 'd08']],
  ['range on booleans', { flag: { $gt: false } }, ['d01', 'd04', 'd07']],
  ['range against null matches nothing', { n: { $gte: null } }, []],
  ['$lte null matches nothing', { tag: { $lte: null } }, []],
  ['$contains is case-sensitive', { text: { $contains: 'world' } }, ['d05']],
  ['$contains escapes metacharacters', { text: { $contains: '.b*c(' } }, ['d01']],
  ['$contains a backslash and brackets', { text: { $contains: '\\slash [' } }, ['d08']],
  [
    '$contains empty matches every string',
    { text: { $contains: '' } },
    ['d01', 'd02', 'd03', 'd04', 'd05', 'd07', 'd08'],
  ],
  ['$startsWith is case-sensitive', { name: { $startsWith: 'alpha' } }, ['d01', 'd06']],
  ['$startsWith escapes metacharacters', { text: { $startsWith: 'a.b' } }, ['d01']],
  ['$startsWith a caret', { text: { $startsWith: '^st' } }, ['d04']],
  ['$startsWith non-ASCII', { name: { $startsWith: 'ép' } }, ['d08']],
  ['$startsWith outside the basic plane', { text: { $startsWith: '😀 e' } }, ['d07']],
  ['$startsWith and $contains on one field', { name: { $startsWith: 'alpha', $contains: 'bet' } }, ['d06']],
  ['$and', { $and: [{ tag: { $eq: 'x' } }, { flag: { $eq: true } }] }, ['d01', 'd04']],
  ['$or', { $or: [{ tag: { $eq: 'z' } }, { n: { $lt: 0 } }] }, ['d04', 'd06']],
  ['$nor of $eq matches a missing field', { $nor: [{ n: { $eq: 2 } }] }, ['d01', 'd04', 'd05', 'd06', 'd07', 'd08']],
  ['$nor', { $nor: [{ tag: { $eq: null } }, { n: { $gt: 5 } }] }, ['d01', 'd03', 'd04']],
  ['fields and $or together', { tag: { $eq: 'x' }, $or: [{ n: { $eq: 1 } }, { n: { $lt: -1 } }] }, ['d01', 'd04']],
  [
    'nested logic',
    { $or: [{ $and: [{ flag: { $eq: false } }, { $nor: [{ n: { $ne: null } }] }] }, { name: { $eq: 'beta' } }] },
    ['d03', 'd05'],
  ],
];
