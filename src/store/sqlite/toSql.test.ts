import type { Filter, SortKey } from '../Store';
import { MATCH_NOTHING } from '../Store';
import { countSql, fieldExpression, filterToSql, sortToSql } from './toSql';

const n = "json_extract(doc, '$.n')";
const t = "json_extract(doc, '$.t')";

describe('filterToSql', () => {
  test.each<[string, Filter, string, unknown[]]>([
    ['match all', {}, '1', []],
    ['MATCH_NOTHING', MATCH_NOTHING, '0', []],
    ['$eq on _id reads the key column', { _id: { $eq: 'a' } }, 'id = ?', ['a']],
    ['$eq null is a missing field', { n: { $eq: null } }, `${n} IS NULL`, []],
    ['$ne matches a missing field', { n: { $ne: 3 } }, `(${n} IS NULL OR ${n} <> ?)`, [3]],
    ['booleans bind as 1/0', { b: { $eq: true } }, "json_extract(doc, '$.b') = ?", [1]],
    ['$in with null', { n: { $in: [1, null] } }, `(${n} IS NULL OR ${n} IN (?))`, [1]],
    [
      '$nin without null matches a missing field',
      { n: { $nin: [1, 2] } },
      `(${n} IS NULL OR NOT ${n} IN (?, ?))`,
      [1, 2],
    ],
    ['several operators on one field', { n: { $gte: 2, $lt: 10 } }, `(${n} >= ? AND ${n} < ?)`, [2, 10]],
    ['range against null never matches', { n: { $gt: null } }, '0', []],
    [
      '$contains, counted against the budget',
      { t: { $contains: 'a%b' } },
      `gk_contains(CAST(${t} AS BLOB), CAST(? AS BLOB))`,
      ['a%b'],
    ],
    [
      '$startsWith compares a prefix, not LIKE',
      { t: { $startsWith: 'ab_' } },
      `gk_starts_with(CAST(${t} AS BLOB), CAST(? AS BLOB))`,
      ['ab_'],
    ],
    [
      '$or and $nor',
      { $or: [{ n: { $eq: 1 } }, { t: { $eq: 'x' } }], $nor: [{ n: { $eq: 2 } }] },
      `((${n} = ? OR ${t} = ?) AND NOT ifnull((${n} = ?), 0))`,
      [1, 'x', 2],
    ],
    ['empty $or is false, empty $nor is true', { $or: [], $nor: [] }, '(0 AND NOT ifnull(0, 0))', []],
    [
      '$and joins its children',
      { $and: [{ n: { $eq: 1 } }, { t: { $eq: 'x' } }] },
      `(${n} = ? AND ${t} = ?)`,
      [1, 'x'],
    ],
    ['$and drops always-true children', { $and: [{}, { n: { $eq: 1 } }, { $and: [] }] }, `${n} = ?`, [1]],
    ['an $and of nothing but match-alls is no condition', { $and: [{}, { $and: [{}] }] }, '1', []],
    [
      '$inSelect is a subquery on the inner collection',
      { n: { $inSelect: { collection: 'Doc', field: '_id', filter: { t: { $eq: 'u' } } } } },
      `(${n} IS NOT NULL AND ${n} IN (SELECT +id FROM "c_Doc" WHERE ${t} = ?))`,
      ['u'],
    ],
    [
      '$inSelect nests, and keeps its parameters in order',
      {
        n: {
          $gt: 0,
          $inSelect: {
            collection: 'Link',
            field: 'a',
            filter: { b: { $inSelect: { collection: 'Doc', field: '_id', filter: { t: { $eq: 'u' } } } } },
          },
        },
      },
      `(${n} > ? AND (${n} IS NOT NULL AND ${n} IN (SELECT json_extract(doc, '$.a') FROM "c_Link" WHERE (json_extract(doc, '$.b') IS NOT NULL AND json_extract(doc, '$.b') IN (SELECT +id FROM "c_Doc" WHERE ${t} = ?)) AND json_extract(doc, '$.a') IS NOT NULL)))`,
      [0, 'u'],
    ],
    [
      '$inSelect on _id needs no presence test',
      { _id: { $inSelect: { collection: 'Doc', field: '_id', filter: {} } } },
      `(id IN (SELECT +id FROM "c_Doc" WHERE 1))`,
      [],
    ],
  ])('%s', (_name, filter, sql, params) => {
    expect(filterToSql(filter)).toEqual({ sql, params });
  });

  test('a correlated semi-join (for pages): EXISTS against the outer row, nested with aliases', () => {
    const filter: Filter = {
      post: {
        $inSelect: {
          collection: 'Post',
          field: '_id',
          filter: {
            _id: { $inSelect: { collection: 'Link', field: 'post', filter: { user: { $eq: 'u1' } } } },
          },
        },
      },
    };
    expect(filterToSql(filter, { semiJoins: 'exists', row: '"c_Comment"' })).toEqual({
      sql:
        'EXISTS (SELECT 1 FROM "c_Post" AS gk_j1 WHERE gk_j1.id = +json_extract("c_Comment".doc, \'$.post\') AND ' +
        "EXISTS (SELECT 1 FROM \"c_Link\" AS gk_j2 WHERE json_extract(gk_j2.doc, '$.post') = +gk_j1.id AND json_extract(doc, '$.user') = ?))",
      params: ['u1'],
    });
    expect(() => filterToSql(filter, { semiJoins: 'exists' })).toThrow(/needs the name of the outer row/);
  });

  test.each<[string, Filter, RegExp]>([
    ['a field name that is not an identifier', { "n') OR 1=1 --": { $eq: 1 } }, /not a storable field name/],
    ['a dotted path', { 'a.b': { $eq: 1 } }, /not a storable field name/],
    ['an unknown top-level operator', { $where: [] }, /unknown filter operator \$where/],
    ['an unknown field operator', { n: { $regex: 'x' } as never }, /unknown filter operator \$regex/],
  ])('rejects %s', (_name, filter, message) => {
    expect(() => filterToSql(filter)).toThrow(message);
  });
});

describe('sortToSql', () => {
  test.each<[SortKey[], string]>([
    [[], ''],
    [
      [
        { field: 'n', direction: -1 },
        { field: '_id', direction: 1 },
      ],
      `ORDER BY ${n} DESC, id ASC`,
    ],
  ])('%j', (sort, sql) => {
    expect(sortToSql(sort)).toBe(sql);
  });
});

test('fieldExpression', () => {
  expect(fieldExpression('_id')).toBe('id');
  expect(fieldExpression('createdAt')).toBe("json_extract(doc, '$.createdAt')");
  expect(() => fieldExpression('1a')).toThrow('not a storable field name: "1a"');
});

describe('countSql', () => {
  const counted = new Set(['author', 'n']);
  const kept =
    'SELECT coalesce((SELECT n FROM gk_value_counts WHERE collection = ? AND field = ? AND value = ?), 0) AS n';
  const author = "json_extract(doc, '$.author')";
  const scan = (where: string) => `SELECT count(*) AS n FROM "c_Post" WHERE ${where}`;
  test.each<[string, Filter, string, unknown[]]>([
    ['one equality on a counted field reads the kept count', { author: { $eq: 'u1' } }, kept, ['Post', 'author', 'u1']],
    ['a number is a counted value too', { n: { $eq: 3 } }, kept, ['Post', 'n', 3]],
    [
      'always-true $and children are dropped first',
      { $and: [{}, { author: { $eq: 'u1' } }, { $and: [{ t: {} }] }] },
      kept,
      ['Post', 'author', 'u1'],
    ],
    ['an undefined operator is not given', { author: { $eq: 'u1', $ne: undefined } }, kept, ['Post', 'author', 'u1']],
    ['a field that is not counted is scanned', { t: { $eq: 'x' } }, scan("json_extract(doc, '$.t') = ?"), ['x']],
    ['null is a missing value, not counted', { author: { $eq: null } }, scan(`${author} IS NULL`), []],
    ['a boolean is not a counted value', { author: { $eq: true } }, scan(`${author} = ?`), [1]],
    [
      'another operator on the field',
      { author: { $eq: 'u1', $ne: 'u2' } },
      scan(`(${author} = ? AND (${author} IS NULL OR ${author} <> ?))`),
      ['u1', 'u2'],
    ],
    ['$in is not one equality', { author: { $in: ['u1'] } }, scan(`${author} IN (?)`), ['u1']],
    ['two conditions', { author: { $eq: 'u1' }, n: { $eq: 3 } }, scan(`(${author} = ? AND ${n} = ?)`), ['u1', 3]],
    [
      'two conditions across $and',
      { $and: [{ author: { $eq: 'u1' } }, { n: { $eq: 3 } }] },
      scan(`(${author} = ? AND ${n} = ?)`),
      ['u1', 3],
    ],
    ['an $or of one equality', { $or: [{ author: { $eq: 'u1' } }] }, scan(`(${author} = ?)`), ['u1']],
    [
      'no filter reads the kept collection count',
      { $and: [{}] },
      'SELECT coalesce((SELECT n FROM gk_counts WHERE collection = ?), (SELECT count(*) FROM "c_Post")) AS n',
      ['Post'],
    ],
  ])('%s', (_name, filter, sql, params) => {
    expect(countSql('Post', filter, counted)).toEqual({ sql, params });
  });

  test('without counted fields (a collection not set up here) an equality is scanned', () => {
    expect(countSql('Post', { author: { $eq: 'u1' } })).toEqual({ sql: scan(`${author} = ?`), params: ['u1'] });
  });
});
