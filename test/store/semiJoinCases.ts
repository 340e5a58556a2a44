import type { Filter, StoredDoc } from '../../src/store/Store';

/**
 * Three collections that reference each other as an app's do: documents with an owner, notes
 * on a document (one with no document, one pointing at a document that does not exist), and
 * links between documents and users (a many-to-many relation's collection).
 */
export const SEMI_JOIN_DOCS = {
  docs: [
    { _id: 'd1', owner: 'u1', rank: 3 },
    { _id: 'd2', owner: 'u2', rank: 1 },
    { _id: 'd3', owner: 'u1', rank: 2 },
    { _id: 'd4', rank: 5 },
  ],
  notes: [
    { _id: 'n1', doc: 'd1', n: 1 },
    { _id: 'n2', doc: 'd2', n: 2 },
    { _id: 'n3', doc: 'd3', n: 3 },
    { _id: 'n4', n: 4 },
    { _id: 'n5', doc: 'dX', n: 5 },
    { _id: 'n6', doc: 'd4', n: 6 },
    { _id: 'n7', doc: 'd1', n: 7 },
  ],
  links: [
    { _id: 'l1', doc: 'd2', user: 'u1' },
    { _id: 'l2', doc: 'd4', user: 'u3' },
    { _id: 'l3', doc: 'd3', user: 'u1' },
    { _id: 'l4', user: 'u1' },
  ],
} satisfies Record<string, StoredDoc[]>;

/** [what it shows, filter on the notes collection, ids it matches], given the collections' names. */
export function semiJoinCases(names: { docs: string; links: string }): [string, Filter, string[]][] {
  const owned = (user: string): Filter => ({
    doc: { $inSelect: { collection: names.docs, field: '_id', filter: { owner: { $eq: user } } } },
  });
  const linkedDocs = (user: string): Filter => ({
    _id: { $inSelect: { collection: names.links, field: 'doc', filter: { user: { $eq: user } } } },
  });
  return [
    ['notes on documents u1 owns', owned('u1'), ['n1', 'n3', 'n7']],
    ['an inner filter that matches nothing', owned('nobody'), []],
    [
      'a reference to a missing document never matches',
      { doc: { $inSelect: { collection: names.docs, field: '_id', filter: {} } } },
      ['n1', 'n2', 'n3', 'n6', 'n7'],
    ],
    [
      'nested: documents u1 owns or is linked to',
      {
        doc: {
          $inSelect: {
            collection: names.docs,
            field: '_id',
            filter: { $or: [{ owner: { $eq: 'u1' } }, linkedDocs('u1')] },
          },
        },
      },
      ['n1', 'n2', 'n3', 'n7'],
    ],
    [
      'beside another operator on the same field',
      { doc: { $ne: 'd1', $inSelect: { collection: names.docs, field: '_id', filter: { owner: { $eq: 'u1' } } } } },
      ['n3'],
    ],
    ['under $or with a plain branch', { $or: [owned('u2'), { n: { $gte: 6 } }] }, ['n2', 'n6', 'n7']],
    ['under $nor, missing and dangling references count as outside', { $nor: [owned('u1')] }, ['n2', 'n4', 'n5', 'n6']],
    ['AND-ed with a plain condition', { $and: [owned('u1'), { n: { $lt: 5 } }] }, ['n1', 'n3']],
    ['on _id, through the links', { _id: { $inSelect: { collection: names.links, field: 'doc', filter: {} } } }, []],
    [
      'the inner filter ranges over the inner documents',
      { doc: { $inSelect: { collection: names.docs, field: '_id', filter: { rank: { $gte: 3 } } } } },
      ['n1', 'n6', 'n7'],
    ],
    // As `storeBefore` rewrites a join for the moment before a commit that changed link l3 (it
    // linked d1 then): the links the commit left alone, or the past value.
    ['the present minus changed documents, or their past values', asBefore(names.links), ['n1', 'n2', 'n7']],
    ['its negation', { $nor: [asBefore(names.links)] }, ['n3', 'n4', 'n5', 'n6']],
  ];
}

function asBefore(links: string): Filter {
  const untouched = { $and: [{ user: { $eq: 'u1' } }, { _id: { $nin: ['l3'] } }] };
  return {
    $or: [{ doc: { $inSelect: { collection: links, field: 'doc', filter: untouched } } }, { doc: { $in: ['d1'] } }],
  };
}
