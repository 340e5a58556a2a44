import type { Filter } from '../store/Store';
import { evaluateFilter } from './evaluateFilter';

const doc = { _id: 'n1', author: 'u1', rating: 3, title: 'hello' };
/** A condition the in-memory matcher cannot evaluate, as a join to another collection would be. */
const JOIN = {
  $semiJoin: { collection: 'links', field: 'note', filter: { user: { $eq: 'u1' } } },
} as unknown as Filter;

const CASES: [string, Filter, boolean | undefined][] = [
  ['empty filter matches', {}, true],
  ['plain field condition, true', { author: { $eq: 'u1' } }, true],
  ['plain field condition, false', { author: { $eq: 'u2' } }, false],
  ['id list', { _id: { $in: ['n1', 'n2'] } }, true],
  ['range and text', { rating: { $gte: 3 }, title: { $startsWith: 'he' } }, true],
  ['unknown condition: ask the store', JOIN, undefined],
  ['unknown operator on a field: ask the store', { author: { $regex: 'u' } } as unknown as Filter, undefined],
  ['dotted path: ask the store', { 'post.author': { $eq: 'u1' } }, undefined],
  ['AND with a false part is false whatever the unknown', { $and: [JOIN, { author: { $eq: 'u2' } }] }, false],
  ['AND with only true parts and an unknown is unknown', { $and: [JOIN, { author: { $eq: 'u1' } }] }, undefined],
  ['OR with a true part is true whatever the unknown', { $or: [JOIN, { author: { $eq: 'u1' } }] }, true],
  ['OR with false parts and an unknown is unknown', { $or: [JOIN, { author: { $eq: 'u2' } }] }, undefined],
  ['NOR of an unknown is unknown', { $nor: [JOIN] }, undefined],
  ['NOR of a true part is false', { $nor: [JOIN, { rating: { $eq: 3 } }] }, false],
  ['field and unknown side by side, the field false', { author: { $eq: 'u2' }, ...JOIN }, false],
];

describe('evaluateFilter: true, false, or "ask the store"', () => {
  test.each(CASES)('%s', (_name, filter, expected) => {
    expect(evaluateFilter(filter, doc)).toBe(expected);
  });
});
