import type { FieldCondition, Filter, Scalar, SemiJoin, SortKey } from '../Store';
import { CONTAINS_FUNCTION, STARTS_WITH_FUNCTION } from './textOperators';

/** A SQL fragment with its positional parameters. */
export interface SqlFragment {
  sql: string;
  params: unknown[];
}

const FIELD_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/**
 * The SQL expression that reads one field of a stored document. `_id` is the table's primary
 * key; every other field lives in the JSON `doc` column. Expression indexes are created on
 * exactly this text, so SQLite can use them.
 */
export function fieldExpression(field: string): string {
  if (field === '_id') return 'id';
  if (!FIELD_NAME.test(field)) throw new Error(`not a storable field name: ${JSON.stringify(field)}`);
  return `json_extract(doc, '$.${field}')`;
}

/** The table that holds a collection; the name is checked as a field name is. */
export function tableName(collection: string): string {
  if (!FIELD_NAME.test(collection)) throw new Error(`not a storable collection name: ${JSON.stringify(collection)}`);
  return `"c_${collection}"`;
}

/**
 * How a semi-join (`$inSelect`) is written, which decides who drives the query:
 * - `in`: `column IN (SELECT field FROM … WHERE …)`. SQLite reads the inner side first (all of
 *   it), so the cost follows the inner side's size: right for counts and deletes.
 * - `exists`: `EXISTS (SELECT 1 FROM … WHERE field = outer AND …)`, correlated with the outer
 *   row named `row`. SQLite walks the outer rows in index order and probes the inner side's
 *   index per row, stopping when the limit is reached: right for a sorted page, whose cost then
 *   does not grow with the inner side (the links of an object, the objects a viewer owns).
 */
export interface SqlScope {
  semiJoins: 'in' | 'exists';
  /** The SQL name of the row the filter tests (a table or an alias); needed by `exists`. */
  row?: string;
  depth?: number;
}

const IN_SCOPE: SqlScope = { semiJoins: 'in' };

/** A field of the row named `row`, for references from inside a correlated subquery. */
function qualifiedField(field: string, row: string): string {
  fieldExpression(field); // checks the name
  return field === '_id' ? `${row}.id` : `json_extract(${row}.doc, '$.${field}')`;
}

function semiJoinToSql(field: string, join: SemiJoin, scope: SqlScope): SqlFragment {
  const column = fieldExpression(field);
  if (scope.semiJoins === 'exists') {
    if (!scope.row) throw new Error('a correlated semi-join needs the name of the outer row');
    const depth = (scope.depth ?? 0) + 1;
    const alias = `gk_j${depth}`;
    const inner = filterToSql(join.filter, { semiJoins: 'exists', row: alias, depth });
    // `+` strips the outer column's TEXT affinity (the primary key's), which would otherwise
    // keep SQLite from comparing through the inner expression index.
    return {
      sql: `EXISTS (SELECT 1 FROM ${tableName(join.collection)} AS ${alias} WHERE ${qualifiedField(join.field, alias)} = +${qualifiedField(field, scope.row)} AND ${inner.sql})`,
      params: inner.params,
    };
  }
  const inner = filterToSql(join.filter, IN_SCOPE);
  // `+id`, not `id`: the primary key's TEXT affinity would keep SQLite from looking the values
  // up through the outer field's expression index (it would scan the table instead).
  const selected = join.field === '_id' ? '+id' : fieldExpression(join.field);
  // Two-valued, as in MongoDB: SQL's `NULL IN (…)` is NULL, and so would be `NOT` of it.
  const outerPresent = column === 'id' ? '' : `${column} IS NOT NULL AND `;
  const innerPresent = join.field === '_id' ? '' : ` AND ${selected} IS NOT NULL`;
  return {
    sql: `(${outerPresent}${column} IN (SELECT ${selected} FROM ${tableName(join.collection)} WHERE ${inner.sql}${innerPresent}))`,
    params: inner.params,
  };
}

/** better-sqlite3 binds no booleans; JSON booleans read back from json_extract as 1/0. */
function bindable(value: Scalar): unknown {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

/** `$in`/`$nin` where, as in MongoDB, a missing field counts as `null`. */
function membershipToSql(column: string, values: Scalar[], negated: boolean): SqlFragment {
  const hasNull = values.includes(null);
  const params = values.filter((v) => v !== null).map(bindable);
  const list = params.length > 0 ? `${column} IN (${params.map(() => '?').join(', ')})` : '0';
  if (!negated) return { sql: hasNull ? `(${column} IS NULL OR ${list})` : list, params };
  return { sql: hasNull ? `(${column} IS NOT NULL AND NOT ${list})` : `(${column} IS NULL OR NOT ${list})`, params };
}

function conditionToSql(field: string, condition: FieldCondition, scope: SqlScope): SqlFragment {
  const column = fieldExpression(field);
  const parts: string[] = [];
  const params: unknown[] = [];
  const push = (fragment: SqlFragment) => {
    parts.push(fragment.sql);
    params.push(...fragment.params);
  };
  for (const [op, raw] of Object.entries(condition)) {
    if (raw === undefined) continue;
    switch (op) {
      case '$eq':
        if (raw === null) parts.push(`${column} IS NULL`);
        else {
          parts.push(`${column} = ?`);
          params.push(bindable(raw as Scalar));
        }
        break;
      case '$ne':
        // MongoDB: $ne also matches documents where the field is missing.
        if (raw === null) parts.push(`${column} IS NOT NULL`);
        else {
          parts.push(`(${column} IS NULL OR ${column} <> ?)`);
          params.push(bindable(raw as Scalar));
        }
        break;
      case '$in':
      case '$nin':
        push(membershipToSql(column, raw as Scalar[], op === '$nin'));
        break;
      case '$lt':
      case '$lte':
      case '$gt':
      case '$gte': {
        const sqlOp = { $lt: '<', $lte: '<=', $gt: '>', $gte: '>=' }[op];
        if (raw === null) {
          parts.push('0');
          break;
        }
        parts.push(`${column} ${sqlOp} ?`);
        params.push(bindable(raw as Scalar));
        break;
      }
      case '$contains':
      case '$startsWith':
        // On the UTF-8 bytes: SQLite's text functions stop at a NUL character, and a byte
        // match of UTF-8 is a character match. Not LIKE: it is case-insensitive, MongoDB's
        // $regex is not. The functions count what they read against the request's budget.
        parts.push(
          `${op === '$contains' ? CONTAINS_FUNCTION : STARTS_WITH_FUNCTION}(CAST(${column} AS BLOB), CAST(? AS BLOB))`,
        );
        params.push(raw);
        break;
      case '$inSelect':
        push(semiJoinToSql(field, raw as SemiJoin, scope));
        break;
      default:
        throw new Error(`unknown filter operator ${op}`);
    }
  }
  if (parts.length === 0) return { sql: '1', params };
  return { sql: parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`, params };
}

/**
 * Translates a port `Filter` to a SQL boolean expression over `(id, doc)`; `scope` says how
 * semi-joins are written (see `SqlScope`), by default as `IN (SELECT …)`.
 */
export function filterToSql(filter: Filter, scope: SqlScope = IN_SCOPE): SqlFragment {
  const parts: string[] = [];
  const params: unknown[] = [];
  const push = (fragment: SqlFragment) => {
    parts.push(fragment.sql);
    params.push(...fragment.params);
  };
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    if (key === '$and' || key === '$or' || key === '$nor') {
      const children = (value as Filter[]).map((child) => filterToSql(child, scope));
      if (key === '$and') {
        // An always-true child adds nothing; dropping it keeps `WHERE 1` out of the SQL, so an
        // unfiltered count can be answered from the kept counts (see `count`).
        children.filter((c) => c.sql !== '1').forEach(push);
      } else {
        const joined = children.length === 0 ? '0' : `(${children.map((c) => c.sql).join(' OR ')})`;
        // A comparison with a missing field is NULL in SQL, and NOT NULL is NULL again; MongoDB
        // counts it as not matching, so $nor treats NULL as false before negating.
        parts.push(key === '$or' ? joined : `NOT ifnull(${joined}, 0)`);
        children.forEach((c) => params.push(...c.params));
      }
    } else if (key.startsWith('$')) {
      throw new Error(`unknown filter operator ${key}`);
    } else {
      push(conditionToSql(key, value as FieldCondition, scope));
    }
  }
  if (parts.length === 0) return { sql: '1', params };
  return { sql: parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`, params };
}

/** The terms of an `ORDER BY` for sort keys; NULLs sort first ascending, as in MongoDB (SQLite's default). */
export function sortTerms(sort: SortKey[]): string[] {
  return sort.map((k) => `${fieldExpression(k.field)} ${k.direction === 1 ? 'ASC' : 'DESC'}`);
}

/** `ORDER BY` text for sort keys (see `sortTerms`), or nothing for none. */
export function sortToSql(sort: SortKey[]): string {
  return sort.length === 0 ? '' : `ORDER BY ${sortTerms(sort).join(', ')}`;
}

/**
 * The statements the adapter runs for `find` and `count`, as text (also for tests that ask
 * SQLite how it plans them). A count writes semi-joins as `IN`; a page as `EXISTS` unless told
 * otherwise (`SqlScope`; the adapter decides per page, see `pageSemiJoins`).
 */
export function findSql(
  collection: string,
  query: { filter: Filter; sort: SortKey[]; limit: number },
  semiJoins: SqlScope['semiJoins'] = 'exists',
): SqlFragment {
  const where = filterToSql(
    query.filter,
    semiJoins === 'exists' ? { semiJoins, row: tableName(collection) } : IN_SCOPE,
  );
  return {
    sql: `SELECT id, doc FROM ${tableName(collection)} WHERE ${where.sql} ${sortToSql(query.sort)} LIMIT ?`,
    params: [...where.params, query.limit],
  };
}

/** Per-collection document counts, kept by triggers (see `keptCountSql` in schemaSql). */
export const COUNTS_TABLE = 'gk_counts';

/** Per-value document counts of the counted fields, kept by triggers (`keptValueCountSql`). */
export const VALUE_COUNTS_TABLE = 'gk_value_counts';

/**
 * The one field condition a filter comes down to once always-true `$and` children are
 * dropped, or undefined if it is anything else (several conditions, `$or`, `$nor`, none).
 */
function soleCondition(filter: Filter): [string, FieldCondition] | undefined | 'none' {
  let found: [string, FieldCondition] | undefined;
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    let sole: [string, FieldCondition] | undefined | 'none';
    if (key === '$and') {
      sole = 'none';
      for (const child of value as Filter[]) {
        const inner = soleCondition(child);
        if (inner === 'none') continue;
        if (inner === undefined || sole !== 'none') return undefined;
        sole = inner;
      }
    } else if (key.startsWith('$')) {
      return undefined;
    } else {
      const condition = value as FieldCondition;
      sole = Object.values(condition).some((v) => v !== undefined) ? [key, condition] : 'none';
    }
    if (sole === 'none') continue;
    if (found) return undefined;
    found = sole;
  }
  return found ?? 'none';
}

/**
 * The counted field and value when a filter is exactly one equality on a counted field with a
 * non-null string or number (a RELATION count), so the kept per-value count answers it.
 */
export function countedEquality(
  filter: Filter,
  countedFields: ReadonlySet<string>,
): [string, string | number] | undefined {
  const sole = soleCondition(filter);
  if (sole === undefined || sole === 'none') return undefined;
  const [field, condition] = sole;
  if (!countedFields.has(field)) return undefined;
  const ops = Object.entries(condition).filter(([, v]) => v !== undefined);
  if (ops.length !== 1 || ops[0][0] !== '$eq') return undefined;
  const value = ops[0][1];
  return typeof value === 'string' || typeof value === 'number' ? [field, value] : undefined;
}

/**
 * Unfiltered, the kept count: one row read at any size (a real count only if the collection
 * was never set up by `ensureCollections`). One equality on a counted field (`countedFields`,
 * those `ensureCollections` set up for this collection): the kept per-value count, also one
 * row. Otherwise `count(*)` over the indexes.
 */
export function countSql(
  collection: string,
  filter: Filter,
  countedFields: ReadonlySet<string> = new Set(),
): SqlFragment {
  const counted = countedEquality(filter, countedFields);
  if (counted) {
    return {
      sql: `SELECT coalesce((SELECT n FROM ${VALUE_COUNTS_TABLE} WHERE collection = ? AND field = ? AND value = ?), 0) AS n`,
      params: [collection, ...counted],
    };
  }
  const where = filterToSql(filter);
  if (where.sql === '1') {
    return {
      sql: `SELECT coalesce((SELECT n FROM ${COUNTS_TABLE} WHERE collection = ?), (SELECT count(*) FROM ${tableName(collection)})) AS n`,
      params: [collection],
    };
  }
  return { sql: `SELECT count(*) AS n FROM ${tableName(collection)} WHERE ${where.sql}`, params: where.params };
}

/** How many documents match, counting no further than `bound`: the cost stays under `bound` rows. */
export function boundedCountSql(collection: string, filter: Filter, bound: number): SqlFragment {
  const where = filterToSql(filter);
  return {
    sql: `SELECT count(*) AS n FROM (SELECT 1 FROM ${tableName(collection)} WHERE ${where.sql} LIMIT ?)`,
    params: [...where.params, bound],
  };
}
