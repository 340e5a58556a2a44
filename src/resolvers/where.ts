import type { Model } from '../appModel/AppModel';
import { userError } from '../errors';
import { assertListLength } from '../limits/listInput';
import { assertTextFilters } from '../limits/readLimits';
import { assertWhereSize } from '../limits/whereSize';
import type { FieldCondition, Filter, Scalar } from '../store/Store';
import { decodeGlobalId } from './globalIds';
import { storedFieldName } from './orderBy';
import { referenceTests } from './referenceFilter';
import type { RequestContext } from './RequestContext';

export type FieldFilterInput = Partial<Record<keyof typeof OPERATORS | 'isNull', unknown>>;
export interface WhereInput {
  AND?: WhereInput[] | null;
  OR?: WhereInput[] | null;
  NOT?: WhereInput | null;
  [field: string]: FieldFilterInput | WhereInput | WhereInput[] | null | undefined;
}

const OPERATORS = {
  eq: '$eq',
  ne: '$ne',
  in: '$in',
  notIn: '$nin',
  lt: '$lt',
  lte: '$lte',
  gt: '$gt',
  gte: '$gte',
  contains: '$contains',
  startsWith: '$startsWith',
} as const;

/**
 * `<Type>WhereInput` → store filter. Filtering on a field reads it (docs/permissions.md#what-each-operation-checks), so each field
 * test is AND-ed with the condition under which the viewer may read that field: an object
 * whose field is hidden can never match because of that field's value. The input's size is
 * bounded first (`MAX_WHERE_DEPTH`, `MAX_WHERE_CONDITIONS`), before anything recurses on it.
 */
export async function whereToFilter(context: RequestContext, model: Model, where?: WhereInput | null): Promise<Filter> {
  const size = assertWhereSize(where);
  // Text tests are checked once for the whole filter (docs/limits.md#text-filters): the pattern's
  // length, and whether the client has scanning left; a spent client is refused before anything is built.
  if (size.textConditions > 0 && context.readBudget) assertTextFilters(size.longestPattern, context.readBudget);
  return filterOf(context, model, where);
}

async function filterOf(context: RequestContext, model: Model, where?: WhereInput | null): Promise<Filter> {
  if (!where) return {};
  const parts: Filter[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value == null) continue;
    if (key === 'AND' || key === 'OR') {
      const children = await Promise.all((value as WhereInput[]).map((w) => filterOf(context, model, w)));
      parts.push(key === 'AND' ? { $and: children } : { $or: children });
    } else if (key === 'NOT') {
      parts.push({ $nor: [await filterOf(context, model, value as WhereInput)] });
    } else {
      parts.push(await fieldFilter(context, model, key, value as FieldFilterInput));
    }
  }
  return { $and: parts };
}

/** Every operator given for one field must hold: they combine with AND, none overrides another. */
async function fieldFilter(
  context: RequestContext,
  model: Model,
  name: string,
  input: FieldFilterInput,
): Promise<Filter> {
  const field = model.fields.get(name);
  if (!field) throw userError('BAD_USER_INPUT', `${model.name} has no field ${name}`);
  const readable = await context.access.readable(model, name);
  if (readable.kind === 'deny') throw userError('FORBIDDEN', `where ${name}: you may not read ${model.name}.${name}`);

  for (const [operator, value] of Object.entries(input)) {
    if (value == null || operator === 'isNull') continue;
    if (!Object.hasOwn(OPERATORS, operator)) throw userError('BAD_USER_INPUT', `unknown filter operator ${operator}`);
    if (Array.isArray(value)) assertListLength(`where ${name}.${operator}`, value);
  }
  const tests =
    field.kind === 'relation'
      ? await referenceTests(context, field, input)
      : scalarTests(model, field.name, field.type === 'ID' && field.system, input);
  return { $and: readable.kind === 'filter' ? [readable.filter, ...tests] : tests };
}

function scalarTests(model: Model, name: string, isId: boolean, input: FieldFilterInput): Filter[] {
  // ids in filters are Relay global ids; the store holds the raw ids.
  const toStored = (value: unknown): Scalar =>
    value === null || !isId ? (value as Scalar) : decodeGlobalId(value as string, [model.name]).id;
  const stored = storedFieldName(name);
  const tests: Filter[] = [];
  for (const [operator, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (operator === 'isNull') {
      if (value !== null) tests.push({ [stored]: value ? { $eq: null } : { $ne: null } });
      continue;
    }
    const storeOperator = OPERATORS[operator as keyof typeof OPERATORS];
    if (value === null && storeOperator !== '$eq' && storeOperator !== '$ne') {
      throw userError('BAD_USER_INPUT', `${name}.${operator} does not take null`);
    }
    const condition: FieldCondition = { [storeOperator]: Array.isArray(value) ? value.map(toStored) : toStored(value) };
    tests.push({ [stored]: condition });
  }
  return tests;
}
