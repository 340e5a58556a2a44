import type { ManyToMany } from './AppModel';

/** A link document's keys seen from `model`: [the key holding its id, the other end's key]. */
export function linkKeys(relation: ManyToMany, model: string): [string, string] {
  const [a, b] = relation.linkKeys;
  return relation.ends[0].model === model ? [a, b] : [b, a];
}
