import type { AppModel, Model } from '../appModel/AppModel';
import { ADMIN_ROLE, EMAIL_VERIFIED_FIELD } from '../appModel/builtInSchema';
import type { Viewer } from '../Viewer';
import { matchesFilter } from '../store/matchesFilter';
import { hasSemiJoin, matchesFilterWithStore } from '../store/matchesFilterWithStore';
import { semiJoinProbe } from '../store/semiJoinProbe';
import type { StoredDoc, StoreOperations } from '../store/Store';
import type { Access, Operation, RuleGrant } from './Access';
import type { Policy } from './compilePolicy';
import { ALLOW, anyOf, DENY, type Condition } from './Condition';
import type { Membership } from './Membership';
import { BYPASS_ACCESS } from './bypassAccess';
import { denialHint } from './denialHint';
import { pathFilter } from './pathFilter';
import { reservedRoleNames } from './reservedRoleNames';
import type { CompiledRule } from './Rule';

type Grant = RuleGrant;

export interface AccessInputs {
  app: AppModel;
  policy: Policy;
  /** Where RELATION hops are answered for single objects: the store, or a transaction's view of it. */
  store: Pick<StoreOperations, 'find'>;
  viewer: Viewer;
  memberships: Membership[];
}

/**
 * The viewer's `Access` (docs/permissions.md): admin tokens and `admin` role members skip the rules;
 * everyone else gets, per type and operation, the grants of the rules whose scope includes
 * them, merged so the most lenient wins. Each (type, operation) is compiled at most once per
 * request; single objects are then judged against the compiled filters, in memory except for
 * the semi-joins of RELATION hops (`matchesFilterWithStore`).
 */
export function createAccess({ app, policy, store, viewer, memberships }: AccessInputs): Access {
  if (viewer.kind === 'adminToken') return BYPASS_ACCESS;
  const adminLevels = memberships.filter((m) => m.roleName === ADMIN_ROLE).map((m) => m.accessLevel);
  if (adminLevels.some((level) => level !== 'readonly')) return BYPASS_ACCESS;
  const readsEverything = adminLevels.length > 0;
  const userId = viewer.kind === 'user' ? viewer.id : undefined;
  const verified = viewer.kind === 'user' && viewer.user[EMAIL_VERIFIED_FIELD] === true;

  async function ruleCondition(type: Model, rule: CompiledRule, operation: Operation): Promise<Condition> {
    if (rule.verified && !verified) return DENY;
    switch (rule.scope) {
      case 'EVERYONE':
        return ALLOW;
      case 'AUTHENTICATED':
        return userId ? ALLOW : DENY;
      case 'ROLE': {
        // A readonly member receives only the rule's read (docs/permissions.md#scopes-with-worked-examples).
        const member = memberships.some(
          (m) => rule.roles.includes(m.roleName) && (operation === 'read' || m.accessLevel !== 'readonly'),
        );
        return member ? ALLOW : DENY;
      }
      case 'RELATION': {
        if (!userId) return DENY;
        const filters = rule.paths.map((path) => pathFilter(app, type, path, userId));
        return anyOf(filters.map((filter) => ({ kind: 'filter' as const, filter })));
      }
    }
  }

  const grantCache = new Map<string, Promise<Grant[]>>();
  function grants(type: Model, operation: Operation): Promise<Grant[]> {
    const key = `${type.name}:${operation}`;
    let cached = grantCache.get(key);
    if (!cached) {
      cached = (async () => {
        const rules = policy.types.get(type.name)?.rules ?? [];
        const list: Grant[] = [];
        if (readsEverything && operation === 'read')
          list.push({ rule: ADMIN_READ_RULE, fields: 'all', condition: ALLOW });
        for (const rule of rules) {
          if (!rule.operations.has(operation)) continue;
          const condition = await ruleCondition(type, rule, operation);
          if (condition.kind !== 'deny') list.push({ rule, fields: rule.fields, condition });
        }
        return list;
      })();
      grantCache.set(key, cached);
      cached.then(
        (list) =>
          settledGrants.set(
            key,
            list.map((grant) => ({
              grant,
              inMemory: grant.condition.kind !== 'filter' || !hasSemiJoin(grant.condition.filter),
            })),
          ),
        () => undefined,
      );
    }
    return cached;
  }
  // The grants once compiled, each with whether its condition is decided without the store:
  // what `allowsNow` answers from.
  const settledGrants = new Map<string, { grant: Grant; inMemory: boolean }[]>();

  const covers = (grant: Grant, field: string) => grant.fields === 'all' || grant.fields.has(field);
  // A RELATION hop is a semi-join: judging an object may ask the store, batched per tick, so a
  // page of N objects whose fields are checked costs one query per hop, not N.
  const probe = semiJoinProbe(store);
  const holds = async (condition: Condition, doc: StoredDoc) =>
    condition.kind === 'allow' ||
    (condition.kind === 'filter' && (await matchesFilterWithStore(probe, condition.filter, doc)));

  return {
    bypass: false,
    async visible(type) {
      return anyOf((await grants(type, 'read')).map((g) => g.condition));
    },
    async readable(type, field) {
      const list = await grants(type, 'read');
      // An object's id is readable whenever the object is visible (docs/permissions.md#what-each-operation-checks).
      return anyOf(list.filter((g) => field === 'id' || covers(g, field)).map((g) => g.condition));
    },
    async allows(operation, type, fields, doc) {
      const list = await grants(type, operation);
      for (const field of fields.length === 0 ? [undefined] : fields) {
        let granted = false;
        for (const g of list) {
          if ((field === undefined || covers(g, field)) && (await holds(g.condition, doc))) {
            granted = true;
            break;
          }
        }
        if (!granted) return false;
      }
      return true;
    },
    allowsNow(operation, type, fields, doc) {
      const list = settledGrants.get(`${type.name}:${operation}`);
      if (!list) return undefined;
      for (const field of fields.length === 0 ? [undefined] : fields) {
        let granted: boolean | undefined = false;
        for (const { grant, inMemory } of list) {
          if (field !== undefined && !covers(grant, field)) continue;
          if (!inMemory) {
            granted = undefined;
            continue;
          }
          if (
            grant.condition.kind === 'allow' ||
            (grant.condition.kind === 'filter' && matchesFilter(grant.condition.filter, doc))
          ) {
            granted = true;
            break;
          }
        }
        if (granted !== true) return granted;
      }
      return true;
    },
    grants: (operation, type) => grants(type, operation),
    denialHint: (operation, type, fields) =>
      denialHint({ policy, signedIn: userId !== undefined, verified }, operation, type, fields),
    mayNameRole: (name) => !reservedRoleNames(policy).has(name),
    within: (view) => createAccess({ app, policy, store: view, viewer, memberships }),
  };
}

/** Stands for the implicit "read everything" of readonly `admin` role members. */
const ADMIN_READ_RULE: CompiledRule = {
  index: -1,
  scope: 'ROLE',
  operations: new Set(['read']),
  fields: 'all',
  roles: [ADMIN_ROLE],
  paths: [],
  verified: false,
};
