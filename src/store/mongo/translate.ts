import { MongoServerError } from 'mongodb';
import type { Document, Filter as MongoFilter, IndexDescription, UpdateFilter } from 'mongodb';
import type { CollectionSpec, FieldCondition, Filter, SortKey, StoredDoc, Update } from '../Store';
import { UniqueViolation } from '../Store';

/** The same rule the SQLite adapter applies: top-level names only, so `a.b` never becomes a path. */
const FIELD_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

const PASSED_THROUGH = new Set(['$eq', '$ne', '$in', '$nin']);
const RANGE = new Set(['$lt', '$lte', '$gt', '$gte']);

function checkedField(field: string): string {
  if (!FIELD_NAME.test(field)) throw new Error(`not a storable field name: ${JSON.stringify(field)}`);
  return field;
}

/** Makes every character of `text` literal in a PCRE pattern (what `$regex` compiles). */
export function escapeRegex(text: string): string {
  // MongoDB refuses a pattern with an embedded NUL byte; `\x00` is the same character.
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&').replace(/\0/g, '\\x00');
}

/**
 * Translates a port `Filter` to a MongoDB query. The comparison operators mean the same in
 * both (including null matching a missing field), with two exceptions handled here: an empty
 * `$or` matches nothing (MongoDB rejects it), and a range operator against `null` never
 * matches (MongoDB's `$gte: null`/`$lte: null` would match missing fields). The text
 * operators become case-sensitive `$regex` patterns with the argument escaped.
 */
export function translateFilter(filter: Filter): MongoFilter<StoredDoc> {
  const result: Document = {};
  let matchesNothing = false;
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    if (key === '$and' || key === '$or' || key === '$nor') {
      const children = (value as Filter[]).map(translateFilter);
      if (children.length > 0) result[key] = children;
      else if (key === '$or') matchesNothing = true; // one false conjunct makes the level false
    } else if (key.startsWith('$')) {
      throw new Error(`unknown filter operator ${key}`);
    } else {
      result[checkedField(key)] = translateCondition(value as FieldCondition);
    }
  }
  // MongoDB rejects `$or: []`; the port's `MATCH_NOTHING` says the same and MongoDB accepts it.
  return matchesNothing ? { _id: { $in: [] } } : result;
}

function translateCondition(condition: FieldCondition): Document {
  const result: Document = {};
  let matchesNothing = false;
  for (const [op, value] of Object.entries(condition)) {
    if (value === undefined) continue;
    if (PASSED_THROUGH.has(op)) {
      result[op] = value;
    } else if (RANGE.has(op)) {
      if (value === null) matchesNothing = true;
      result[op] = value;
    } else if (op !== '$contains' && op !== '$startsWith') {
      throw new Error(`unknown filter operator ${op}`);
    }
  }
  const { $contains: contains, $startsWith: startsWith } = condition;
  if (contains !== undefined && startsWith !== undefined) {
    // One field holds one `$regex`, so both tests share it: a lookahead for the substring.
    result.$regex = `^(?=[\\s\\S]*${escapeRegex(contains)})${escapeRegex(startsWith)}`;
  } else if (contains !== undefined) {
    result.$regex = escapeRegex(contains);
  } else if (startsWith !== undefined) {
    result.$regex = `^${escapeRegex(startsWith)}`;
  }
  return matchesNothing ? { $in: [] } : result;
}

/**
 * Sort keys as `[field, direction]` pairs, a driver `Sort` that keeps the keys in order.
 * MongoDB sorts a missing field as null, first ascending and last descending, as the port does.
 */
export function translateSort(sort: SortKey[]): [string, 1 | -1][] {
  return sort.map((key) => [checkedField(key.field), key.direction]);
}

/**
 * `{ $set, $unset }` with only the parts that do something; `null` when nothing does. A field
 * both set and unset ends up removed, as on SQLite (MongoDB would refuse the conflict).
 */
export function translateUpdate(update: Update): UpdateFilter<StoredDoc> | null {
  const result: UpdateFilter<StoredDoc> = {};
  const unset = update.unset ?? [];
  const set = Object.entries(update.set ?? {}).filter(([field]) => !unset.includes(field));
  if (set.length > 0) result.$set = Object.fromEntries(set.map(([field, value]) => [checkedField(field), value]));
  if (unset.length > 0) result.$unset = Object.fromEntries(unset.map((field) => [checkedField(field), '']));
  return Object.keys(result).length > 0 ? result : null;
}

function indexName(collection: string, fields: string[], unique: boolean): string {
  return `gk_${collection}__${fields.join('__')}${unique ? '_unique' : ''}`;
}

/**
 * The indexes of one collection, named as the SQLite adapter names them. A unique index only
 * covers documents that have every one of its fields, so documents without the value (the port
 * removes cleared fields) never collide, as with SQLite's NULLs. `_id` is indexed already.
 */
export function indexSpecs(spec: CollectionSpec): IndexDescription[] {
  return spec.indexes
    .filter((index) => !(index.fields.length === 1 && index.fields[0] === '_id'))
    .map((index) => {
      const key = Object.fromEntries(index.fields.map((field) => [checkedField(field), 1 as const]));
      const description: IndexDescription = { name: indexName(spec.name, index.fields, index.unique === true), key };
      if (index.unique) {
        description.unique = true;
        description.partialFilterExpression = Object.fromEntries(
          index.fields.map((field) => [field, { $exists: true }]),
        );
      }
      return description;
    });
}

/**
 * A duplicate-key error (code 11000) as the port's `UniqueViolation`, naming the fields of the
 * index that refused the write; `null` for any other error. The server reports the index's
 * `keyPattern`; older servers only name the index in the message.
 */
export function uniqueViolationFrom(collection: string, error: unknown): UniqueViolation | null {
  if (!(error instanceof MongoServerError) || error.code !== 11000) return null;
  const keyPattern: unknown = error.keyPattern;
  if (keyPattern !== null && typeof keyPattern === 'object' && Object.keys(keyPattern).length > 0) {
    return new UniqueViolation(collection, Object.keys(keyPattern));
  }
  const prefix = `gk_${collection}__`;
  const named = new RegExp(`index: ${escapeRegex(prefix)}(\\S+?)(?:_unique)?(?:\\s|$)`).exec(error.message);
  return new UniqueViolation(collection, named ? named[1].split('__') : ['_id']);
}
