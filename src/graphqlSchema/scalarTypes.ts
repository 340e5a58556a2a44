import {
  GraphQLBoolean,
  GraphQLFloat,
  GraphQLID,
  GraphQLInt,
  GraphQLString,
  type GraphQLScalarType,
  type GraphQLEnumType,
} from 'graphql';
import type { ScalarType } from '../appModel/AppModel';
import { AccessLevelEnum } from './enums';
import { DateTimeScalar, JSONScalar } from './customScalars';
import { UploadScalar } from './fileTypes';

export const GRAPHQL_SCALARS: Record<ScalarType, GraphQLScalarType | GraphQLEnumType> = {
  ID: GraphQLID,
  String: GraphQLString,
  Int: GraphQLInt,
  Float: GraphQLFloat,
  Boolean: GraphQLBoolean,
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  // As input; `File` fields are output as the File object type (modelTypes).
  File: UploadScalar,
  AccessLevel: AccessLevelEnum,
};
