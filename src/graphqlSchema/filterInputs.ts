import {
  GraphQLBoolean,
  GraphQLFloat,
  GraphQLID,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLString,
  type GraphQLInputType,
} from 'graphql';
import type { ScalarType } from '../appModel/AppModel';
import { AccessLevelEnum } from './enums';
import { DateTimeScalar } from './customScalars';

type Operator = 'eq' | 'ne' | 'in' | 'notIn' | 'lt' | 'lte' | 'gt' | 'gte' | 'contains' | 'startsWith' | 'isNull';
const EQUALITY: Operator[] = ['eq', 'ne', 'in', 'notIn', 'isNull'];
const ORDERED: Operator[] = [...EQUALITY, 'lt', 'lte', 'gt', 'gte'];
const TEXT: Operator[] = [...ORDERED, 'contains', 'startsWith'];

function filterType(name: string, type: GraphQLInputType, operators: Operator[]): GraphQLInputObjectType {
  return new GraphQLInputObjectType({
    name,
    description: `Conditions on a ${name.replace(/Filter$/, '')} field; all given conditions must hold.`,
    fields: () =>
      Object.fromEntries(
        operators.map((op) => {
          if (op === 'isNull') return [op, { type: GraphQLBoolean }];
          if (op === 'in' || op === 'notIn') return [op, { type: new GraphQLList(new GraphQLNonNull(type)) }];
          return [op, { type }];
        }),
      ),
  });
}

/** One shared filter input per scalar type (docs/api.md: only the operators that fit the type). */
export const FILTER_INPUTS: Partial<Record<ScalarType, GraphQLInputObjectType>> = {
  ID: filterType('IDFilter', GraphQLID, EQUALITY),
  String: filterType('StringFilter', GraphQLString, TEXT),
  Int: filterType('IntFilter', GraphQLInt, ORDERED),
  Float: filterType('FloatFilter', GraphQLFloat, ORDERED),
  Boolean: filterType('BooleanFilter', GraphQLBoolean, ['eq', 'ne', 'isNull']),
  DateTime: filterType('DateTimeFilter', DateTimeScalar, ORDERED),
  AccessLevel: filterType('AccessLevelFilter', AccessLevelEnum, EQUALITY),
};
