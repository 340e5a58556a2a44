import type { Model } from '../app/AppModel';
import { userError } from '../errors';
import { assertListLength } from '../limits/listInput';
import type { FieldCondition, Filter, Scalar } from '../store/Store';
import { decodeGlobalId } from './globalIds';
import { storedFieldName } from './orderBy';
import type { RequestContext } from './RequestContext';

export type FieldFilterInput = Partial<Record<keyof typeof OPERATORS | 'isNull', unknown>>;
export interface WhereInput {
  AND?: WhereInput[] | null;
  OR?: WhereInput[] | null;
  NOT?: WhereInput | null;
  [field: string]: FieldFilterInput | WhereInput | WhereInput[] | null | undefined;
}

const OPERATORS = {
  eq: '$eq', ne: '$ne', in: '$in', notIn: '$nin', lt: '$lt', lte: '$lte', gt: '$gt', gte: '$gte',
  contains: '$contains', startsWith: '$startsWith',
} as const;

/**
 * `<Type>WhereInput` → store filter. Filtering on a field reads it (SPEC §5.3), so each field
 * test is AND-ed with the condition under which the viewer may read that field: an object
 * whose field is hidden can never match because of that field's value.
 */
export async function whereToFilter(context: RequestContext, model: Model, where?: WhereInput | null): Promise<Filter> {
  if (!where) return {};
  const parts: Filter[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value == null) continue;
    if (key === 'AND' || key === 'OR') {
      const children = await Promise.all((value as WhereInput[]).map((w) => whereToFilter(context, model, w)));
      parts.push(key === 'AND' ? { $and: children } : { $or: children });
    } else if (key === 'NOT') {
      parts.push({ $nor: [await whereToFilter(context, model, value as WhereInput)] });
    } else {
      parts.push(await fieldFilter(context, model, key, value as FieldFilterInput));
    }
  }
  return { $and: parts };
}

async function fieldFilter(context: RequestContext, model: Model, name: string, input: FieldFilterInput): Promise<Filter> {
  const field = model.fields.get(name);
  if (!field) throw userError('BAD_USER_INPUT', `${model.name} has no field ${name}`);
  const readable = await context.access.readable(model, name);
  if (readable.kind === 'deny') throw userError('FORBIDDEN', `where ${name}: you may not read ${model.name}.${name}`);

  // ids in filters are Relay global ids; the store holds the raw ids.
  const idTypes = field.kind === 'relation' ? [field.target] : field.type === 'ID' && field.system ? [model.name] : undefined;
  const toStored = (value: unknown): Scalar => {
    if (value === null || !idTypes) return value as Scalar;
    return decodeGlobalId(value as string, idTypes).id;
  };
  const condition: FieldCondition = {};
  for (const [operator, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (operator === 'isNull') {
      if (value === null) continue;
      if (value) condition.$eq = null; else condition.$ne = null;
      continue;
    }
    const storeOperator = OPERATORS[operator as keyof typeof OPERATORS];
    if (!storeOperator) throw userError('BAD_USER_INPUT', `unknown filter operator ${operator}`);
    if (value === null && storeOperator !== '$eq' && storeOperator !== '$ne') {
      throw userError('BAD_USER_INPUT', `${name}.${operator} does not take null`);
    }
    if (Array.isArray(value)) assertListLength(`where ${name}.${operator}`, value);
    (condition as Record<string, unknown>)[storeOperator] = Array.isArray(value) ? value.map(toStored) : toStored(value);
  }
  const test: Filter = { [storedFieldName(name)]: condition };
  return readable.kind === 'filter' ? { $and: [readable.filter, test] } : test;
}
