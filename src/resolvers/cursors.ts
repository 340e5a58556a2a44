import type { Model } from '../appModel/AppModel';
import type { Scalar, SortKey } from '../store/Store';
import { userError } from '../errors';

/** The JSON type a sort field's values have: a cursor must carry that type, or null. */
export type CursorValueType = 'string' | 'number' | 'boolean';

/**
 * Opaque keyset cursors: base64url JSON of the sort fields and the row's values for them.
 * A cursor only makes sense under the order it was made for, so it names that order and a
 * cursor from another order is refused rather than misread.
 */
export function encodeCursor(sort: readonly SortKey[], doc: Record<string, unknown>): string {
  const payload = {
    k: sort.map((key) => `${key.field}:${key.direction}`),
    v: sort.map((key) => toScalar(doc[key.field])),
  };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

/**
 * What each sort key of `model` holds. A cursor value of another type would compare by each
 * adapter's own rules across types (SQLite and MongoDB differ), so it is refused instead.
 */
export function cursorValueTypes(model: Model, sort: SortKey[]): CursorValueType[] {
  return sort.map((key) => {
    const field = model.fields.get(key.field === '_id' ? 'id' : key.field);
    if (field?.kind !== 'scalar') return 'string';
    if (field.type === 'Int' || field.type === 'Float') return 'number';
    return field.type === 'Boolean' ? 'boolean' : 'string';
  });
}

export function decodeCursor(cursor: string, sort: SortKey[], types?: CursorValueType[]): Scalar[] {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  const { k, v } = (payload ?? {}) as { k?: unknown; v?: unknown };
  const expected = sort.map((key) => `${key.field}:${key.direction}`);
  if (!Array.isArray(k) || !Array.isArray(v) || k.length !== expected.length || v.length !== expected.length)
    throw badCursor();
  if (k.some((name, i) => name !== expected[i]))
    throw userError('BAD_USER_INPUT', 'this cursor belongs to another orderBy');
  if (v.some((value) => value !== null && !['string', 'number', 'boolean'].includes(typeof value))) throw badCursor();
  if (typeof v[v.length - 1] !== 'string') throw badCursor();
  if (types && v.some((value, i) => value !== null && typeof value !== types[i])) throw badCursor();
  return v as Scalar[];
}

function toScalar(value: unknown): Scalar {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  throw new Error('cannot sort on a non-scalar value');
}

function badCursor() {
  return userError('BAD_USER_INPUT', 'not a valid cursor');
}
