import type { AppModel, Model, RelationField } from '../appModel/AppModel';
import { USER_ROLES } from '../appModel/builtInSchema';
import type { Policy } from './compilePolicy';

/**
 * Per type, the collections whose writes can change what a viewer's compiled grants on that
 * type say: the role tables (memberships decide ROLE rules and the `admin` bypass) and every
 * collection its RELATION paths read while they are compiled (`pathFilter`'s lookups: link
 * collections, and the targets of hops that are not the object's own reference to the
 * user). A long-lived holder of an `Access` (a subscription) recompiles it after a write to
 * one of these.
 */
export function grantDependencies(app: AppModel, policy: Policy): Map<string, Set<string>> {
  const roleTables = [app.models.get('Role')!.collection, app.links.get(USER_ROLES)!.collection];
  const byType = new Map<string, Set<string>>();
  for (const type of [...app.models.values(), ...app.links.values()]) {
    const collections = new Set(roleTables);
    for (const rule of policy.types.get(type.name)?.rules ?? []) {
      if (rule.scope !== 'RELATION') continue;
      for (const path of rule.paths) addPathCollections(app, type, path, collections);
    }
    byType.set(type.name, collections);
  }
  return byType;
}

function addPathCollections(app: AppModel, start: Model, path: readonly string[], into: Set<string>): void {
  let model = start;
  path.forEach((hop, index) => {
    const field = model.fields.get(hop) as RelationField;
    const target = app.models.get(field.target)!;
    const relation = app.relations.get(field.relation)!;
    const last = index === path.length - 1;
    // The last hop ends at the viewer's own id: only a reverse reference reads the target.
    if (!last || field.storage === 'reverse') into.add(target.collection);
    if (relation.kind === 'manyToMany') into.add(relation.collection);
    model = target;
  });
}
