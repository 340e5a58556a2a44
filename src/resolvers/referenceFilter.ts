import type { RelationField } from '../appModel/AppModel';
import { userError } from '../errors';
import { conditionToFilter } from '../permissions/Condition';
import { MATCH_NOTHING, type Filter } from '../store/Store';
import { decodeGlobalId } from './globalIds';
import type { RequestContext } from './RequestContext';

type ReferenceInput = Partial<Record<'eq' | 'ne' | 'in' | 'notIn' | 'isNull', unknown>>;

/**
 * A to-one reference filtered as the field shows it (docs/permissions.md#what-each-operation-checks: "a filter on a reference
 * matches only targets the viewer can see"). The field shows null when its target is
 * missing or invisible, so such a target never equals anything: `eq`/`in` drop the ids the
 * viewer cannot see (they are few: list inputs are bounded) and `ne`/`notIn` ignore them,
 * and `isNull` asks whether the reference leads to a target the viewer can see.
 */
export async function referenceTests(
  context: RequestContext,
  field: RelationField,
  input: ReferenceInput,
): Promise<Filter[]> {
  const stored = field.name;
  const named = [input.eq, input.ne, ...asList(input.in), ...asList(input.notIn)].filter(
    (id): id is string => typeof id === 'string',
  );
  const visible = await visibleIds(context, field, named);
  const tests: Filter[] = [];
  const isNull = async (yes: boolean) => tests.push(await nullTest(context, field, yes));
  for (const [operator, value] of Object.entries(input)) {
    if (value === undefined || (value === null && operator !== 'eq' && operator !== 'ne')) continue;
    switch (operator) {
      case 'isNull':
        await isNull(value as boolean);
        break;
      case 'eq':
        if (value === null) await isNull(true);
        else
          tests.push(
            visible.has(value as string) ? { [stored]: { $eq: visible.get(value as string)! } } : MATCH_NOTHING,
          );
        break;
      case 'ne':
        if (value === null) await isNull(false);
        else if (visible.has(value as string)) tests.push({ [stored]: { $ne: visible.get(value as string)! } });
        break;
      case 'in':
        tests.push({ [stored]: { $in: visibleOnly(value, visible) } });
        break;
      case 'notIn':
        tests.push({ [stored]: { $nin: visibleOnly(value, visible) } });
        break;
      default:
        throw userError('BAD_USER_INPUT', `${field.name}.${operator} does not apply to a reference`);
    }
  }
  return tests;
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const visibleOnly = (ids: unknown, visible: Map<string, string>) =>
  asList(ids).flatMap((id) => (visible.has(id as string) ? [visible.get(id as string)!] : []));

/** The named global ids whose targets exist and are visible, mapped to their stored ids. */
async function visibleIds(
  context: RequestContext,
  field: RelationField,
  globalIds: string[],
): Promise<Map<string, string>> {
  const target = context.app.models.get(field.target)!;
  const decoded = globalIds.map((globalId) => [globalId, decodeGlobalId(globalId, [field.target]).id] as const);
  const found = await context.loaders.visibleById(target).loadMany(decoded.map(([, id]) => id));
  return new Map(decoded.filter((_, i) => found[i] !== null && !(found[i] instanceof Error)));
}

/**
 * `isNull` as the field shows it: set means "leads to a target that exists and the viewer can
 * see", a semi-join on the target's visibility inside the one query, so it holds whatever the
 * number of targets (and a reference left behind by a deleted target counts as null, as the
 * field shows it).
 */
async function nullTest(context: RequestContext, field: RelationField, isNull: boolean): Promise<Filter> {
  const target = context.app.models.get(field.target)!;
  const visible = await context.access.visible(target);
  if (visible.kind === 'deny') return isNull ? {} : MATCH_NOTHING;
  const leadsToVisible: Filter = {
    [field.name]: { $inSelect: { collection: target.collection, field: '_id', filter: conditionToFilter(visible) } },
  };
  return isNull ? { $nor: [leadsToVisible] } : leadsToVisible;
}
