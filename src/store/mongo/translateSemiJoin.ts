import type { Document } from 'mongodb';
import { hasSemiJoin } from '../matchesFilterWithStore';
import type { FieldCondition, Filter, SemiJoin, SortKey } from '../Store';
import { translateFilter, translateSort } from './translate';

/** Fields the pipeline adds to each document to hold a semi-join's answer, removed at its end. */
const JOINED_PREFIX = '__gk_join';

/**
 * The aggregation that runs a filter holding semi-joins (`$inSelect`), which `find` cannot
 * express. Top-level conjuncts without a semi-join come first, as a plain `$match` (and the
 * sort right after it) so the indexes pick the documents and their order; then each semi-join is
 * one `$lookup` on the joined field (`localField`/`foreignField`, which MongoDB 5.0+ serves from
 * the index on the foreign field) whose pipeline stops at the first match; then the `$match` on
 * their answers. `limit` is applied after that match, so the page is exact; the documents the
 * plain part lets through are looked up one by one until the page is full.
 */
export function semiJoinPipeline(filter: Filter, options: { sort?: SortKey[]; limit?: number } = {}): Document[] {
  const { plain, joined } = splitConjuncts(filter);
  const names: string[] = [];
  const { lookups, match } = translateJoined(joined, names);
  const stages: Document[] = [];
  const plainMatch = translateFilter(plain);
  if (Object.keys(plainMatch).length > 0) stages.push({ $match: plainMatch });
  if (options.sort && options.sort.length > 0) stages.push({ $sort: Object.fromEntries(translateSort(options.sort)) });
  stages.push(...lookups);
  if (Object.keys(match).length > 0) stages.push({ $match: match });
  if (options.limit !== undefined) stages.push({ $limit: options.limit });
  if (names.length > 0) stages.push({ $unset: names });
  return stages;
}

/** The conjuncts of `filter` (through nested `$and`s) without a semi-join, and those with one. */
export function splitConjuncts(filter: Filter): { plain: Filter; joined: Filter } {
  const plain: Filter[] = [];
  const joined: Filter[] = [];
  const visit = (part: Filter) => {
    for (const [key, value] of Object.entries(part)) {
      if (value === undefined) continue;
      if (key === '$and') (value as Filter[]).forEach(visit);
      else (hasSemiJoin({ [key]: value }) ? joined : plain).push({ [key]: value });
    }
  };
  visit(filter);
  const and = (parts: Filter[]): Filter => (parts.length === 0 ? {} : parts.length === 1 ? parts[0] : { $and: parts });
  return { plain: and(plain), joined: and(joined) };
}

/** `$lookup` stages for every semi-join in `filter`, and the `$match` that reads their answers. */
function translateJoined(filter: Filter, names: string[]): { lookups: Document[]; match: Document } {
  if (!hasSemiJoin(filter)) return { lookups: [], match: translateFilter(filter) };
  const lookups: Document[] = [];
  const parts: Document[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    if (key === '$and' || key === '$or' || key === '$nor') {
      const children = (value as Filter[]).map((child) => {
        const translated = translateJoined(child, names);
        lookups.push(...translated.lookups);
        return translated.match;
      });
      if (children.length > 0) parts.push({ [key]: children });
      else if (key === '$or') parts.push(translateFilter({ $or: [] }));
      continue;
    }
    const { $inSelect: join, ...rest } = value as FieldCondition;
    if (Object.keys(rest).length > 0) parts.push(translateFilter({ [key]: rest }));
    if (join) {
      const as = `${JOINED_PREFIX}${names.length}`;
      names.push(as);
      lookups.push(lookupStage(key, join, as));
      // A missing local field would join the foreign documents whose field is missing too.
      parts.push({ [key]: { $ne: null }, [as]: { $ne: [] } });
    }
  }
  return { lookups, match: parts.length === 1 ? parts[0] : { $and: parts } };
}

/**
 * One semi-join as a `$lookup` that answers at most one `_id`: enough to know "some document
 * matches". A nested semi-join becomes a `$lookup` inside its pipeline; its helper fields live on
 * the foreign documents, which the final `$project` drops, so no `$unset` is needed there.
 */
function lookupStage(localField: string, join: SemiJoin, as: string): Document {
  const inner = semiJoinPipeline(join.filter).filter((stage) => !('$unset' in stage));
  return {
    $lookup: {
      from: join.collection,
      localField: checked(localField),
      foreignField: checked(join.field),
      pipeline: [...inner, { $limit: 1 }, { $project: { _id: 1 } }],
      as,
    },
  };
}

const FIELD_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
function checked(field: string): string {
  if (!FIELD_NAME.test(field)) throw new Error(`not a storable field name: ${JSON.stringify(field)}`);
  return field;
}
