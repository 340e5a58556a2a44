import type { IndexSpec } from '../Store';
import { fieldExpression } from './toSql';

export function createTableSql(collection: string): string {
  return `CREATE TABLE IF NOT EXISTS "c_${collection}" (id TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID`;
}

/**
 * An expression index on the same `json_extract` text the queries use. The name carries the
 * fields so a unique violation can say which value was taken. SQLite lets several rows hold
 * NULL under a unique index, which matches the sparse unique indexes of the Mongo adapter.
 */
export function indexSql(collection: string, index: IndexSpec): string {
  const name = `${indexNamePrefix(collection)}${index.fields.join('__')}${index.unique ? '_unique' : ''}`;
  const columns = index.fields.map(fieldExpression).join(', ');
  return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS "${name}" ON "c_${collection}" (${columns})`;
}

export function indexNamePrefix(collection: string): string {
  return `gk_${collection}__`;
}
