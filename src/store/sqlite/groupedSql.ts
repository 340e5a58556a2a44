import type { Filter, GroupedFindQuery, GroupedQuery } from '../Store';
import {
  fieldExpression,
  filterToSql,
  sortTerms,
  sortToSql,
  tableName,
  VALUE_COUNTS_TABLE,
  type SqlFragment,
} from './toSql';

/** The groups as one JSON parameter, each once (a repeated group would repeat its rows). */
function groupsParam(groups: readonly string[]): string {
  return JSON.stringify([...new Set(groups)]);
}

/**
 * The condition that puts a row of `collection` in the group `groupValue` (an SQL expression),
 * with `filter` ANDed: a document's own field, or the links pointing at it. Written for a
 * subquery whose only table is `collection`, unaliased, so the bare `id`/`doc` of the filter and
 * of the sort name that row (and correlated semi-joins can name it by its table name).
 */
function inGroup(collection: string, query: GroupedQuery, groupValue: string): SqlFragment {
  const filter = filterToSql(query.filter, { semiJoins: 'exists', row: tableName(collection) });
  if ('field' in query.groupBy) {
    return { sql: `${fieldExpression(query.groupBy.field)} = ${groupValue} AND ${filter.sql}`, params: filter.params };
  }
  const { through } = query.groupBy;
  const links = filterToSql(through.filter);
  return {
    sql: `id IN (SELECT ${fieldExpression(through.target)} FROM ${tableName(through.collection)} WHERE ${fieldExpression(through.group)} = ${groupValue} AND ${links.sql}) AND ${filter.sql}`,
    params: [...links.params, ...filter.params],
  };
}

/**
 * The first `limit` rows of every group in one statement. For each group (a row of
 * `json_each`), a correlated subquery picks that group's first rows by rowid, the way a page of
 * one parent is picked: through the index on the group field and the sort where there is one,
 * stopping at the limit. So the cost is groups × page, however many children a parent has.
 * The outer `ORDER BY` sorts only those rows, by group (in the order given) and the sort.
 */
export function findGroupedSql(collection: string, query: GroupedFindQuery): SqlFragment {
  const table = tableName(collection);
  const member = inGroup(collection, query, 'gk_groups.value');
  const firstRows = `SELECT rowid FROM ${table} WHERE ${member.sql} ${sortToSql(query.sort)} LIMIT ?`;
  const rows =
    `SELECT gk_row.id AS id, gk_row.doc AS doc, gk_groups.value AS gk_group, gk_groups.key AS gk_position` +
    ` FROM json_each(?) AS gk_groups JOIN ${table} AS gk_row ON gk_row.rowid IN (${firstRows})`;
  return {
    sql: `SELECT id, doc, gk_group FROM (${rows}) ORDER BY ${['gk_position', ...sortTerms(query.sort)].join(', ')}`,
    params: [groupsParam(query.groups), ...member.params, query.limit],
  };
}

/** Whether a filter admits every document (the `$and` of nothing, as access conditions build it). */
function admitsAll(filter: Filter): boolean {
  return filterToSql(filter).sql === '1';
}

/**
 * One count per group, in one statement. A group on a counted field with no filter (an admin's
 * or a public type's `totalCount`) reads the kept per-value counts, one row per group; otherwise
 * each group is counted through the group field's index.
 */
export function countGroupedSql(
  collection: string,
  query: GroupedQuery,
  countedFields: ReadonlySet<string> = new Set(),
): SqlFragment {
  const groups = groupsParam(query.groups);
  if ('field' in query.groupBy && countedFields.has(query.groupBy.field) && admitsAll(query.filter)) {
    return {
      sql: `SELECT value AS gk_group, n FROM ${VALUE_COUNTS_TABLE} WHERE collection = ? AND field = ? AND value IN (SELECT value FROM json_each(?))`,
      params: [collection, query.groupBy.field, groups],
    };
  }
  const member = inGroup(collection, query, 'gk_groups.value');
  return {
    sql: `SELECT gk_group, n FROM (SELECT gk_groups.value AS gk_group, (SELECT count(*) FROM ${tableName(collection)} WHERE ${member.sql}) AS n FROM json_each(?) AS gk_groups) WHERE n > 0`,
    params: [...member.params, groups],
  };
}
