import { MongoServerError } from 'mongodb';
import { IndexBuildRefused } from '../IndexBuildRefused';

/** MongoDB server error codes an index build can fail with (error_codes.yml). */
const DUPLICATE_KEY = 11000;
const INDEX_OPTIONS_CONFLICT = 85;
const INDEX_KEY_SPECS_CONFLICT = 86;

/**
 * A failed `createIndexes` as the port's `IndexBuildRefused`, naming the fields (from the
 * error's `keyPattern`, else from our index name `gk_<collection>__<a>__<b>[_unique]` in the
 * message) and a duplicated value when MongoDB reports one; null for any other error.
 */
export function indexBuildRefusalFrom(collection: string, error: unknown): IndexBuildRefused | null {
  if (!(error instanceof MongoServerError)) return null;
  const code = error.code;
  if (code !== DUPLICATE_KEY && code !== INDEX_OPTIONS_CONFLICT && code !== INDEX_KEY_SPECS_CONFLICT) return null;
  const fields = fieldsFrom(collection, error);
  if (code !== DUPLICATE_KEY) return new IndexBuildRefused(collection, fields, 'conflict');
  const keyValue: unknown = error.keyValue;
  const values = keyValue !== null && typeof keyValue === 'object' ? Object.values(keyValue) : [];
  return new IndexBuildRefused(
    collection,
    fields,
    'duplicates',
    values.length === 1 ? values[0] : values.length > 1 ? values : undefined,
  );
}

function fieldsFrom(collection: string, error: MongoServerError): string[] {
  const keyPattern: unknown = error.keyPattern;
  if (keyPattern !== null && typeof keyPattern === 'object' && Object.keys(keyPattern).length > 0)
    return Object.keys(keyPattern);
  const prefix = `gk_${collection}__`;
  const at = error.message.indexOf(prefix);
  if (at < 0) return ['?'];
  const name = /^[A-Za-z0-9_]+/.exec(error.message.slice(at + prefix.length))?.[0] ?? '';
  return name
    .replace(/_unique$/, '')
    .split('__')
    .filter((field) => field.length > 0);
}
