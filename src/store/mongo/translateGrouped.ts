import type { Document } from 'mongodb';
import { hasSemiJoin } from '../matchesFilterWithStore';
import type { Filter, GroupedFindQuery, GroupedQuery } from '../Store';
import { translateFilter, translateSort } from './translate';
import { semiJoinPipeline } from './translateSemiJoin';

/** An aggregation and the collection it runs on. */
export interface Aggregation {
  collection: string;
  pipeline: Document[];
}

/** Where a joined document sits while links are grouped. */
const JOINED = '__gk_doc';

/** The stages that keep the documents matching `filter`: a `$match`, or the semi-join pipeline. */
function matching(filter: Filter): Document[] {
  return hasSemiJoin(filter) ? semiJoinPipeline(filter) : [{ $match: translateFilter(filter) }];
}

/**
 * The rows to group, each with its group at `groupPath` and the document at `docPath` (`$$ROOT`
 * when grouped by its own field). Grouping through links starts from the link collection
 * (indexed on the group field) and joins each link's target with a `$lookup` on `_id`.
 */
function groupedRows(
  collection: string,
  query: GroupedQuery,
  project: Document[],
): Aggregation & { group: string; doc: string; prefix: string } {
  const groups = [...query.groups];
  if ('field' in query.groupBy) {
    const { field } = query.groupBy;
    return {
      collection,
      pipeline: matching({ $and: [{ [field]: { $in: groups } }, query.filter] }),
      group: `$${field}`,
      doc: '$$ROOT',
      prefix: '',
    };
  }
  const { through } = query.groupBy;
  return {
    collection: through.collection,
    pipeline: [
      ...matching({ $and: [{ [through.group]: { $in: groups } }, through.filter] }),
      {
        $lookup: {
          from: collection,
          localField: through.target,
          foreignField: '_id',
          pipeline: [...matching(query.filter), ...project],
          as: JOINED,
        },
      },
      { $unwind: `$${JOINED}` },
    ],
    group: `$${through.group}`,
    doc: `$${JOINED}`,
    prefix: `${JOINED}.`,
  };
}

/**
 * The first `limit` documents of each group: `$group` with `$topN` (MongoDB 5.2+) in the sort
 * order, then one `{ group, doc }` per document. Each group's matching documents are read once.
 */
export function findGroupedAggregation(collection: string, query: GroupedFindQuery): Aggregation {
  const rows = groupedRows(collection, query, []);
  const sortBy = Object.fromEntries(
    translateSort(query.sort).map(([field, direction]) => [`${rows.prefix}${field}`, direction]),
  );
  return {
    collection: rows.collection,
    pipeline: [
      ...rows.pipeline,
      { $group: { _id: rows.group, docs: { $topN: { n: query.limit, sortBy, output: rows.doc } } } },
      { $unwind: '$docs' },
      { $project: { _id: 0, group: '$_id', doc: '$docs' } },
    ],
  };
}

/** `{ _id: group, n }` per group that holds any document. */
export function countGroupedAggregation(collection: string, query: GroupedQuery): Aggregation {
  const rows = groupedRows(collection, query, [{ $project: { _id: 1 } }]);
  return { collection: rows.collection, pipeline: [...rows.pipeline, { $group: { _id: rows.group, n: { $sum: 1 } } }] };
}
