import type { GroupedFindQuery, GroupedQuery } from '../Store';
import { fieldExpression, filterToSql, sortToSql, tableName, type SqlFragment } from './toSql';

/**
 * The rows of a grouped query with their group as `gk_group`: a document's own field, or the
 * links pointing at it (joined as a subquery, so the bare `id`/`doc` of the filter and sort
 * still name the document's own row).
 */
function groupedRows(collection: string, query: GroupedQuery): { from: string; group: string; where: SqlFragment } {
  const groups = JSON.stringify(query.groups);
  const filter = filterToSql(query.filter, { semiJoins: 'exists', row: tableName(collection) });
  if ('field' in query.groupBy) {
    const group = fieldExpression(query.groupBy.field);
    return {
      from: tableName(collection),
      group,
      where: { sql: `${group} IN (SELECT value FROM json_each(?)) AND ${filter.sql}`, params: [groups, ...filter.params] },
    };
  }
  const { through } = query.groupBy;
  const links = filterToSql(through.filter);
  const linkGroup = fieldExpression(through.group);
  const from = `${tableName(collection)} JOIN (SELECT ${fieldExpression(through.target)} AS gk_target, ${linkGroup} AS gk_link_group`
    + ` FROM ${tableName(through.collection)} WHERE ${linkGroup} IN (SELECT value FROM json_each(?)) AND ${links.sql}) AS gk_link ON gk_link.gk_target = id`;
  return { from, group: 'gk_link.gk_link_group', where: { sql: filter.sql, params: [groups, ...links.params, ...filter.params] } };
}

/**
 * The first `limit` rows of every group in one statement: `ROW_NUMBER() OVER (PARTITION BY
 * group ORDER BY sort)`. SQLite reads each group's matching rows (through the index on the group
 * field where there is one) and keeps the first ones, so the cost is that of the groups, not of
 * the collection.
 */
export function findGroupedSql(collection: string, query: GroupedFindQuery): SqlFragment {
  const { from, group, where } = groupedRows(collection, query);
  const sql = `SELECT id, doc, gk_group FROM (SELECT id, doc, ${group} AS gk_group, ROW_NUMBER() OVER (PARTITION BY ${group} ${sortToSql(query.sort)}) AS gk_rank`
    + ` FROM ${from} WHERE ${where.sql}) WHERE gk_rank <= ? ORDER BY gk_group, gk_rank`;
  return { sql, params: [...where.params, query.limit] };
}

/** One `count(*)` per group, in one statement. */
export function countGroupedSql(collection: string, query: GroupedQuery): SqlFragment {
  const { from, group, where } = groupedRows(collection, query);
  return { sql: `SELECT ${group} AS gk_group, count(*) AS n FROM ${from} WHERE ${where.sql} GROUP BY ${group}`, params: where.params };
}
