import type { SortKey, StoredDoc, Update } from '../../src/store/Store';

const asc = (field: string): SortKey => ({ field, direction: 1 });
const desc = (field: string): SortKey => ({ field, direction: -1 });

/** [what it shows, sort, ids of `DOCS` (filterCases.ts) in that order]. */
export const SORT_CASES: [string, SortKey[], string[]][] = [
  [
    'missing first ascending, _id breaks ties',
    [asc('n'), asc('_id')],
    ['d05', 'd04', 'd07', 'd01', 'd02', 'd03', 'd08', 'd06'],
  ],
  ['missing last descending', [desc('n'), asc('_id')], ['d06', 'd08', 'd02', 'd03', 'd01', 'd07', 'd04', 'd05']],
  ['descending tiebreak', [desc('n'), desc('_id')], ['d06', 'd08', 'd03', 'd02', 'd01', 'd07', 'd04', 'd05']],
  [
    'strings by code point, case-sensitive',
    [asc('name'), asc('_id')],
    ['d07', 'd02', 'd01', 'd06', 'd03', 'd05', 'd04', 'd08'],
  ],
  [
    'keys apply in order',
    [asc('tag'), desc('n'), asc('_id')],
    ['d02', 'd07', 'd05', 'd01', 'd04', 'd08', 'd03', 'd06'],
  ],
];

/** 25 documents; `score` and `group` repeat and are missing on some. */
export const KEYSET_DOCS: StoredDoc[] = Array.from({ length: 25 }, (_, i) => {
  const doc: StoredDoc = { _id: `k${String(i + 1).padStart(2, '0')}` };
  if (i % 5 !== 0) doc.score = (i * 3) % 4;
  if (i % 3 !== 0) doc.group = i % 2 === 0 ? 'a' : 'b';
  return doc;
});

/** [what it shows, sort] walked page by page over `KEYSET_DOCS`. */
export const KEYSET_SORTS: [string, SortKey[]][] = [
  ['score ascending', [asc('score'), asc('_id')]],
  ['score descending', [desc('score'), asc('_id')]],
  ['score descending, _id descending', [desc('score'), desc('_id')]],
  ['group descending, score ascending, _id descending', [desc('group'), asc('score'), desc('_id')]],
];

/** [what it shows, the document before, the update, the document after]. */
export const UPDATE_CASES: [string, StoredDoc, Update, StoredDoc][] = [
  [
    'set and unset',
    { _id: 'u1', n: 1, flag: true, tag: 'x' },
    { set: { n: 5, tag: 'new' }, unset: ['flag'] },
    { _id: 'u1', n: 5, tag: 'new' },
  ],
  [
    'set a nested value whole',
    { _id: 'u2', meta: { a: 1, b: 2 } },
    { set: { meta: { k: [true, null, 'x'] } } },
    { _id: 'u2', meta: { k: [true, null, 'x'] } },
  ],
  ['set a field the document lacks', { _id: 'u3' }, { set: { name: 'é😀' } }, { _id: 'u3', name: 'é😀' }],
  ['unset a field the document lacks', { _id: 'u4', n: 1 }, { unset: ['absent'] }, { _id: 'u4', n: 1 }],
  ['set and unset of one field: unset wins', { _id: 'u5', n: 1 }, { set: { n: 2 }, unset: ['n'] }, { _id: 'u5' }],
  ['an undefined value is not stored', { _id: 'u6', n: 1 }, { set: { n: undefined, m: 2 } }, { _id: 'u6', n: 1, m: 2 }],
  ['nothing to do', { _id: 'u7', n: 1 }, { set: {}, unset: [] }, { _id: 'u7', n: 1 }],
  [
    'numbers keep their type',
    { _id: 'u8', n: 1 },
    { set: { n: 2.5, big: 2 ** 53 - 1, neg: -0.125 } },
    { _id: 'u8', n: 2.5, big: 2 ** 53 - 1, neg: -0.125 },
  ],
  [
    'a string that looks like JSON stays a string',
    { _id: 'u9' },
    { set: { s: '{"a":1}', t: 'null' } },
    { _id: 'u9', s: '{"a":1}', t: 'null' },
  ],
];
