import type { FieldCondition, Filter, Scalar, SortKey } from '../Store';

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

function conditionToSql(column: string, condition: FieldCondition): SqlFragment {
  const parts: string[] = [];
  const params: unknown[] = [];
  const push = (fragment: SqlFragment) => { parts.push(fragment.sql); params.push(...fragment.params); };
  for (const [op, raw] of Object.entries(condition)) {
    if (raw === undefined) continue;
    switch (op) {
      case '$eq':
        if (raw === null) parts.push(`${column} IS NULL`);
        else { parts.push(`${column} = ?`); params.push(bindable(raw as Scalar)); }
        break;
      case '$ne':
        // MongoDB: $ne also matches documents where the field is missing.
        if (raw === null) parts.push(`${column} IS NOT NULL`);
        else { parts.push(`(${column} IS NULL OR ${column} <> ?)`); params.push(bindable(raw as Scalar)); }
        break;
      case '$in':
      case '$nin':
        push(membershipToSql(column, raw as Scalar[], op === '$nin'));
        break;
      case '$lt': case '$lte': case '$gt': case '$gte': {
        const sqlOp = { $lt: '<', $lte: '<=', $gt: '>', $gte: '>=' }[op];
        if (raw === null) { parts.push('0'); break; }
        parts.push(`${column} ${sqlOp} ?`);
        params.push(bindable(raw as Scalar));
        break;
      }
      case '$contains':
        parts.push(`instr(${column}, ?) > 0`);
        params.push(raw);
        break;
      case '$startsWith':
        // Not LIKE: it is case-insensitive, MongoDB's $regex is not.
        // length() counts characters as substr() does (JS .length counts UTF-16 units).
        parts.push(`substr(${column}, 1, length(?)) = ?`);
        params.push(raw, raw);
        break;
      default:
        throw new Error(`unknown filter operator ${op}`);
    }
  }
  if (parts.length === 0) return { sql: '1', params };
  return { sql: parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`, params };
}

/** Translates a port `Filter` to a SQL boolean expression over `(id, doc)`. */
export function filterToSql(filter: Filter): SqlFragment {
  const parts: string[] = [];
  const params: unknown[] = [];
  const push = (fragment: SqlFragment) => { parts.push(fragment.sql); params.push(...fragment.params); };
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    if (key === '$and' || key === '$or' || key === '$nor') {
      const children = (value as Filter[]).map(filterToSql);
      if (key === '$and') {
        // An always-true child adds nothing; dropping it keeps `WHERE 1` out of the SQL, so an
        // unfiltered count can be answered from the kept counts (see `count`).
        children.filter((c) => c.sql !== '1').forEach(push);
      } else {
        const joined = children.length === 0 ? '0' : `(${children.map((c) => c.sql).join(' OR ')})`;
        parts.push(key === '$or' ? joined : `NOT ${joined}`);
        children.forEach((c) => params.push(...c.params));
      }
    } else if (key.startsWith('$')) {
      throw new Error(`unknown filter operator ${key}`);
    } else {
      push(conditionToSql(fieldExpression(key), value as FieldCondition));
    }
  }
  if (parts.length === 0) return { sql: '1', params };
  return { sql: parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`, params };
}

/** `ORDER BY` text for sort keys; NULLs sort first ascending, as in MongoDB (SQLite's default). */
export function sortToSql(sort: SortKey[]): string {
  if (sort.length === 0) return '';
  return `ORDER BY ${sort.map((k) => `${fieldExpression(k.field)} ${k.direction === 1 ? 'ASC' : 'DESC'}`).join(', ')}`;
}

