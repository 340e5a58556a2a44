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
 * missing or invisible, so such a target never equals anything: `eq`/`in` hold only where the
 * reference leads to a target the viewer can see, `ne`/`notIn` also where it does not, and
 * `isNull` asks whether it leads to one. "Can see" is a semi-join on the target's visibility
 * inside the one query, never a list of ids read while compiling: the filter means the same at
 * any moment it is run, which a subscription's `where`, judged on every commit, relies on.
 */
export async function referenceTests(
  context: RequestContext,
  field: RelationField,
  input: ReferenceInput,
): Promise<Filter[]> {
  const stored = field.name;
  const target = context.app.models.get(field.target)!;
  const visible = await context.access.visible(target);
  const leadsToVisible: Filter =
    visible.kind === 'deny'
      ? MATCH_NOTHING
      : {
          [stored]: { $inSelect: { collection: target.collection, field: '_id', filter: conditionToFilter(visible) } },
        };
  const idOf = (globalId: unknown) => decodeGlobalId(globalId as string, [field.target]).id;
  const tests: Filter[] = [];
  for (const [operator, value] of Object.entries(input)) {
    if (value === undefined || (value === null && operator !== 'eq' && operator !== 'ne')) continue;
    switch (operator) {
      case 'isNull':
        tests.push(value ? { $nor: [leadsToVisible] } : leadsToVisible);
        break;
      case 'eq':
        tests.push(
          value === null ? { $nor: [leadsToVisible] } : { $and: [{ [stored]: { $eq: idOf(value) } }, leadsToVisible] },
        );
        break;
      case 'ne':
        tests.push(
          value === null ? leadsToVisible : { $or: [{ [stored]: { $ne: idOf(value) } }, { $nor: [leadsToVisible] }] },
        );
        break;
      case 'in':
        tests.push({ $and: [{ [stored]: { $in: asList(value).map(idOf) } }, leadsToVisible] });
        break;
      case 'notIn':
        tests.push({ $or: [{ [stored]: { $nin: asList(value).map(idOf) } }, { $nor: [leadsToVisible] }] });
        break;
      default:
        throw userError('BAD_USER_INPUT', `${field.name}.${operator} does not apply to a reference`);
    }
  }
  return tests;
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
