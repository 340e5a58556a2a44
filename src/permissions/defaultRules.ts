import type { AppModel, Model } from '../appModel/AppModel';
import { EXTERNAL_ID, USER_ROLES } from '../appModel/builtInSchema';
import type { Rule } from './Rule';

/** What `PERMISSIONS_DEFAULT` says of a model without a rules file (docs/permissions.md#types-without-a-rules-file). */
export type DefaultPolicy = 'open' | 'deny';

/**
 * The rules a type has when `permissions/` holds no file for it (docs/permissions.md#types-without-a-rules-file). Built-in types
 * ship their own defaults; app models have none, so only admins reach them, as in Hasura and
 * PocketBase, unless `PERMISSIONS_DEFAULT=open` opens them for prototyping;
 * links of app relations are readable by whoever may see both ends, since changing them is
 * judged on the ends (docs/permissions.md#what-each-operation-checks).
 */
export function defaultRules(app: AppModel, type: Model, policy: DefaultPolicy): Rule[] {
  if (type.name === 'User') {
    const ownFields = [...type.fields.values()]
      .filter((f) => f.kind === 'scalar' && !f.system && f.name !== EXTERNAL_ID)
      .map((f) => f.name);
    return [
      { scope: 'EVERYONE', create: true },
      { scope: 'RELATION', userFields: ['me'], read: true },
      ...(ownFields.length > 0
        ? [{ scope: 'RELATION' as const, userFields: ['me'], update: true, fields: ownFields }]
        : []),
    ];
  }
  if (type.name === 'Role' || type.name === USER_ROLES) return [{ scope: 'AUTHENTICATED', read: true }];
  if (app.links.has(type.name)) return [{ scope: 'EVERYONE', read: true }];
  return policy === 'open' ? [{ scope: 'EVERYONE', read: true, create: true, update: true, delete: true }] : [];
}
