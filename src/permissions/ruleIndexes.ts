import type { AppModel, Model, RelationField } from '../appModel/AppModel';
import { collectionSpecs } from '../appModel/collectionSpecs';
import { linkKeys } from '../appModel/linkKeys';
import type { CollectionSpec, IndexSpec } from '../store/Store';
import type { Policy } from './compilePolicy';
import type { UserPath } from './Rule';

/**
 * MongoDB keeps at most 64 indexes per collection, one of them on `_id`; past that an index
 * cannot be created, and `permissions lint` names the RELATION paths left without one.
 */
export const MAX_INDEXES_PER_COLLECTION = 63;

/** One store lookup a RELATION rule compiles to, and the index that serves it. */
export interface RuleIndex {
  /** The rules file and rule behind it. */
  source: string;
  ruleIndex: number;
  /** The user field as written: `author`, `post.author`, `members`. */
  userField: string;
  collection: string;
  index: IndexSpec;
}

/**
 * The store lookups RELATION rules filter on (docs/permissions.md#what-each-operation-checks: a RELATION rule becomes a filter on
 * stored references): a stored reference along the path is looked up by its value, in the
 * order a page reads (`createdAt`, `_id`) so a filtered page seeks instead of scanning; a
 * many-to-many hop is looked up in its link collection by the far end's key. A hop the other
 * side stores is looked up by `_id` (the primary key) and needs nothing.
 */
export function ruleIndexes(app: AppModel, policy: Policy): RuleIndex[] {
  const found: RuleIndex[] = [];
  for (const typeRules of policy.types.values()) {
    const type = app.models.get(typeRules.type) ?? app.links.get(typeRules.type)!;
    for (const rule of typeRules.rules) {
      for (const path of rule.paths) {
        const userField = path.join('.') || 'me';
        for (const { collection, index } of pathLookups(app, type, path)) {
          found.push({ source: typeRules.source, ruleIndex: rule.index, userField, collection, index });
        }
      }
    }
  }
  return found;
}

function pathLookups(app: AppModel, type: Model, path: UserPath): { collection: string; index: IndexSpec }[] {
  const lookups: { collection: string; index: IndexSpec }[] = [];
  let current = type;
  for (const hop of path) {
    const field = current.fields.get(hop) as RelationField;
    const relation = app.relations.get(field.relation)!;
    if (field.storage === 'reference') {
      lookups.push({ collection: current.collection, index: { fields: [hop, 'createdAt', '_id'] } });
    } else if (relation.kind === 'manyToMany') {
      const [mine, theirs] = linkKeys(relation, current.name);
      lookups.push({ collection: relation.collection, index: { fields: [theirs, mine] } });
    }
    current = app.models.get(field.target)!;
  }
  return lookups;
}

/**
 * What the store creates at start: the app's collections and indexes plus one index per
 * RELATION lookup that no index serves yet (an index serves a lookup when it starts with the
 * looked-up field).
 */
export function storeSpecs(app: AppModel, policy: Policy): CollectionSpec[] {
  const specs = collectionSpecs(app).map((spec) => ({ ...spec, indexes: [...spec.indexes] }));
  for (const { collection, index } of ruleIndexes(app, policy)) {
    const spec = specs.find((s) => s.name === collection)!;
    if (!spec.indexes.some((existing) => existing.fields[0] === index.fields[0])) spec.indexes.push(index);
  }
  return specs;
}

/**
 * The RELATION lookups left without a usable index: none served by the planned indexes, or
 * served only by one past `MAX_INDEXES_PER_COLLECTION`, which MongoDB refuses to create.
 */
export function unindexedRuleLookups(
  app: AppModel,
  policy: Policy,
  specs: CollectionSpec[] = storeSpecs(app, policy),
): RuleIndex[] {
  return ruleIndexes(app, policy).filter(({ collection, index }) => {
    const usable = specs.find((s) => s.name === collection)?.indexes.slice(0, MAX_INDEXES_PER_COLLECTION) ?? [];
    return !usable.some((existing) => existing.fields[0] === index.fields[0]);
  });
}
