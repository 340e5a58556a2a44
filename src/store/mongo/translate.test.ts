import { MongoServerError } from 'mongodb';
import type { CollectionSpec, Filter, SortKey, Update } from '../Store';
import { MATCH_NOTHING, UniqueViolation } from '../Store';
import {
  escapeRegex,
  indexSpecs,
  translateFilter,
  translateSort,
  translateUpdate,
  uniqueViolationFrom,
} from './translate';

describe('translateFilter', () => {
  const cases: [string, Filter, unknown][] = [
    ['match all', {}, {}],
    ['MATCH_NOTHING passes through', MATCH_NOTHING, { _id: { $in: [] } }],
    ['$eq / $ne', { a: { $eq: 1 }, b: { $ne: 'x' } }, { a: { $eq: 1 }, b: { $ne: 'x' } }],
    ['null stays null', { a: { $eq: null }, b: { $ne: null } }, { a: { $eq: null }, b: { $ne: null } }],
    ['$in / $nin', { a: { $in: [1, null] }, b: { $nin: ['x'] } }, { a: { $in: [1, null] }, b: { $nin: ['x'] } }],
    [
      'several operators on one field stay together',
      { n: { $gte: 2, $lt: 10, $ne: 5 } },
      { n: { $gte: 2, $lt: 10, $ne: 5 } },
    ],
    ['every range operator', { n: { $lt: 1, $lte: 2, $gt: 3, $gte: 4 } }, { n: { $lt: 1, $lte: 2, $gt: 3, $gte: 4 } }],
    ['range against null never matches', { n: { $gte: null, $ne: 3 } }, { n: { $in: [] } }],
    ['$contains escapes', { t: { $contains: 'a.b*c(' } }, { t: { $regex: 'a\\.b\\*c\\(' } }],
    ['$startsWith anchors and escapes', { t: { $startsWith: '^x$[1]' } }, { t: { $regex: '^\\^x\\$\\[1\\]' } }],
    [
      '$contains with $startsWith share one $regex',
      { t: { $startsWith: 'ab', $contains: 'c+' } },
      { t: { $regex: '^(?=[\\s\\S]*c\\+)ab' } },
    ],
    ['text operator beside a comparison', { t: { $contains: 'x', $ne: 'y' } }, { t: { $ne: 'y', $regex: 'x' } }],
    ['undefined conditions are dropped', { a: { $eq: 1, $ne: undefined }, b: undefined }, { a: { $eq: 1 } }],
    [
      '$and/$or/$nor recurse',
      {
        $and: [{ a: { $contains: '.' } }],
        $or: [{ b: { $eq: 1 } }, { $nor: [{ c: { $startsWith: '*' } }] }],
      },
      {
        $and: [{ a: { $regex: '\\.' } }],
        $or: [{ b: { $eq: 1 } }, { $nor: [{ c: { $regex: '^\\*' } }] }],
      },
    ],
    ['empty $or matches nothing', { a: { $eq: 1 }, $or: [] }, { _id: { $in: [] } }],
    ['nested empty $or', { $or: [{ $or: [] }, { a: { $eq: 1 } }] }, { $or: [{ _id: { $in: [] } }, { a: { $eq: 1 } }] }],
    ['empty $and and $nor are dropped', { $and: [], $nor: [], a: { $eq: 1 } }, { a: { $eq: 1 } }],
  ];
  test.each(cases)('%s', (_name, filter, expected) => {
    expect(translateFilter(filter)).toEqual(expected);
  });

  test.each<[string, Filter, RegExp]>([
    ['unknown field operator', { a: { $regex: 'x' } as never }, /unknown filter operator \$regex/],
    ['unknown top-level operator', { $where: [] }, /unknown filter operator \$where/],
    ['unknown operator under $or', { $or: [{ $expr: [] }] }, /unknown filter operator \$expr/],
    ['a dotted path', { 'a.b': { $eq: 1 } }, /not a storable field name/],
  ])('rejects %s', (_name, filter, message) => {
    expect(() => translateFilter(filter)).toThrow(message);
  });
});

describe('escapeRegex', () => {
  test.each([
    ['a.b*c(', 'a\\.b\\*c\\('],
    ['plain text', 'plain text'],
    ['\\ | ? + { } ) ] /', '\\\\ \\| \\? \\+ \\{ \\} \\) \\] \\/'],
    ['nul\0byte', 'nul\\x00byte'],
  ])('%j → %j', (text, expected) => {
    expect(escapeRegex(text)).toBe(expected);
    expect(new RegExp(expected).test(text)).toBe(true);
  });
});

describe('translateSort', () => {
  test.each<[SortKey[], unknown]>([
    [[], []],
    [
      [
        { field: 'b', direction: -1 },
        { field: 'a', direction: 1 },
        { field: '_id', direction: 1 },
      ],
      [
        ['b', -1],
        ['a', 1],
        ['_id', 1],
      ],
    ],
  ])('%j', (sort, expected) => {
    expect(translateSort(sort)).toEqual(expected);
  });
});

describe('translateUpdate', () => {
  test.each<[string, Update, unknown]>([
    [
      'set and unset',
      { set: { a: 1, b: { x: [1] } }, unset: ['c'] },
      { $set: { a: 1, b: { x: [1] } }, $unset: { c: '' } },
    ],
    ['set only', { set: { a: 'x' }, unset: [] }, { $set: { a: 'x' } }],
    ['unset only', { set: {}, unset: ['a', 'b'] }, { $unset: { a: '', b: '' } }],
    [
      'a field both set and unset is removed',
      { set: { a: 1, b: 2 }, unset: ['a'] },
      { $set: { b: 2 }, $unset: { a: '' } },
    ],
    ['nothing', {}, null],
    ['empty parts', { set: {}, unset: [] }, null],
  ])('%s', (_name, update, expected) => {
    expect(translateUpdate(update)).toEqual(expected);
  });

  test('rejects a dotted field', () => {
    expect(() => translateUpdate({ set: { 'a.b': 1 } })).toThrow(/not a storable field name/);
  });
});

describe('indexSpecs', () => {
  test.each<[string, CollectionSpec, unknown]>([
    [
      'plain',
      { name: 'Post', indexes: [{ fields: ['createdAt'] }] },
      [{ name: 'gk_Post__createdAt', key: { createdAt: 1 } }],
    ],
    [
      'unique is partial on its field',
      { name: 'User', indexes: [{ fields: ['username'], unique: true }] },
      [
        {
          name: 'gk_User__username_unique',
          key: { username: 1 },
          unique: true,
          partialFilterExpression: { username: { $exists: true } },
        },
      ],
    ],
    [
      'compound unique keeps field order',
      { name: 'Tag', indexes: [{ fields: ['org', 'slug'], unique: true }] },
      [
        {
          name: 'gk_Tag__org__slug_unique',
          key: { org: 1, slug: 1 },
          unique: true,
          partialFilterExpression: { org: { $exists: true }, slug: { $exists: true } },
        },
      ],
    ],
    [
      'compound, not unique',
      { name: 'Post', indexes: [{ fields: ['author', 'createdAt', '_id'] }] },
      [{ name: 'gk_Post__author__createdAt___id', key: { author: 1, createdAt: 1, _id: 1 } }],
    ],
    [
      '_id alone is skipped',
      {
        name: 'Post',
        indexes: [
          { fields: ['_id'], unique: true },
          { fields: ['a'], unique: false },
        ],
      },
      [{ name: 'gk_Post__a', key: { a: 1 } }],
    ],
    ['no indexes', { name: 'Post', indexes: [] }, []],
  ])('%s', (_name, spec, expected) => {
    expect(indexSpecs(spec)).toEqual(expected);
  });
});

describe('uniqueViolationFrom', () => {
  const duplicate = (extra: Record<string, unknown>, message = 'E11000 duplicate key error') =>
    new MongoServerError({ code: 11000, errmsg: message, ...extra });

  test.each<[string, unknown, { collection: string; fields: string[] } | null]>([
    [
      'keyPattern names the fields',
      duplicate({ keyPattern: { username: 1 }, keyValue: { username: 'ann' } }),
      { collection: 'User', fields: ['username'] },
    ],
    [
      'compound keyPattern keeps order',
      duplicate({ keyPattern: { org: 1, slug: 1 } }),
      { collection: 'User', fields: ['org', 'slug'] },
    ],
    [
      'duplicate _id',
      duplicate({ keyPattern: { _id: 1 }, keyValue: { _id: 'x' } }),
      { collection: 'User', fields: ['_id'] },
    ],
    [
      'no keyPattern: the index name in the message',
      duplicate(
        {},
        'E11000 duplicate key error collection: app.User index: gk_User__org__slug_unique dup key: { org: "a", slug: "b" }',
      ),
      { collection: 'User', fields: ['org', 'slug'] },
    ],
    [
      'no keyPattern, _id index',
      duplicate({}, 'E11000 duplicate key error collection: app.User index: _id_ dup key: { _id: "x" }'),
      { collection: 'User', fields: ['_id'] },
    ],
    ['another server error', new MongoServerError({ code: 112, errmsg: 'WriteConflict' }), null],
    ['a plain error with code 11000', Object.assign(new Error('E11000'), { code: 11000 }), null],
    ['not an error', 'E11000', null],
  ])('%s', (_name, error, expected) => {
    const violation = uniqueViolationFrom('User', error);
    if (expected === null) {
      expect(violation).toBeNull();
    } else {
      expect(violation).toBeInstanceOf(UniqueViolation);
      expect({ collection: violation?.collection, fields: violation?.fields }).toEqual(expected);
    }
  });
});
