import {
  GraphQLBoolean,
  GraphQLEnumType,
  GraphQLID,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLString,
  type GraphQLOutputType,
} from 'graphql';
import { DateTimeScalar } from '../graphqlSchema/customScalars';

const list = (type: GraphQLOutputType) => new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(type)));
const strings = list(GraphQLString);
const required = <T extends GraphQLOutputType>(type: T) => new GraphQLNonNull(type);

/**
 * The GraphQL types of the admin operations (docs/api.md#admin-operations). Their names are
 * reserved: no model may take them (appModel/loadAppModel.ts).
 */
export const AdminTokenType = new GraphQLObjectType({
  name: 'AdminToken',
  description: 'An admin token as stored: its name and times, never the token itself.',
  fields: {
    name: { type: required(GraphQLString) },
    createdAt: { type: required(DateTimeScalar) },
    lastUsedAt: { type: DateTimeScalar, description: 'To the minute; null until first used.' },
  },
});

const PermissionRuleType = new GraphQLObjectType({
  name: 'PermissionRule',
  description: 'One rule of a rules file, as the server compiled it.',
  fields: {
    index: { type: required(GraphQLInt), description: 'Its place in the file, from 0.' },
    label: { type: required(GraphQLString), description: 'As tools name it: `rule 1 (RELATION via author)`.' },
    scope: { type: required(GraphQLString) },
    roles: { type: strings },
    userFields: { type: strings, description: 'RELATION paths: `author`, `post.author`, `me`.' },
    operations: { type: strings },
    fields: { type: new GraphQLList(new GraphQLNonNull(GraphQLString)), description: 'Null: every field.' },
  },
});

export const TypeRulesType = new GraphQLObjectType({
  name: 'TypeRules',
  description: "A type's rules (a model, or a many-to-many relation's links).",
  fields: {
    type: { type: required(GraphQLString) },
    source: { type: required(GraphQLString), description: 'The rules file, or the built-in defaults.' },
    fields: { type: strings, description: 'The fields a rule may name.' },
    rules: { type: list(PermissionRuleType) },
  },
});

const DecisionEnum = new GraphQLEnumType({
  name: 'AccessDecision',
  values: {
    ALLOWED: { description: 'On every field, or on the object as a whole.' },
    PARTLY: { description: 'On some fields only.' },
    CONDITIONAL: { description: 'Only on the objects where a RELATION rule holds (a type asked without an object).' },
    DENIED: { description: 'Not at all.' },
  },
});

const FieldAccessType = new GraphQLObjectType({
  name: 'FieldAccess',
  fields: {
    field: { type: required(GraphQLString) },
    allowed: { type: required(GraphQLBoolean) },
    conditional: { type: required(GraphQLBoolean), description: 'Granted only where a RELATION rule holds.' },
    rules: { type: strings, description: 'The rules that grant it.' },
  },
});

const OperationAccessType = new GraphQLObjectType({
  name: 'OperationAccess',
  fields: {
    operation: { type: required(GraphQLString) },
    decision: { type: required(DecisionEnum) },
    reason: { type: required(GraphQLString) },
    rules: { type: strings, description: 'The rules that decided a grant.' },
    fields: { type: list(FieldAccessType), description: 'Empty for delete, decided on the whole object.' },
    explanation: { type: strings, description: "`npm run permissions -- explain`'s answer, line by line." },
  },
});

export const AccessExplanationType = new GraphQLObjectType({
  name: 'AccessExplanation',
  fields: {
    type: { type: required(GraphQLString) },
    objectId: { type: GraphQLID },
    viewer: { type: required(GraphQLString), description: '`user ada`, or `an anonymous client`.' },
    operations: { type: list(OperationAccessType) },
  },
});

const SchemaFindingType = new GraphQLObjectType({
  name: 'SchemaFinding',
  fields: {
    severity: { type: required(GraphQLString), description: '`stop` (refused), `fill` (@default written), `warn`.' },
    subject: { type: required(GraphQLString), description: '`Post.slug`, or a type or relation name.' },
    count: { type: required(GraphQLInt), description: 'Stored objects (or links) affected.' },
    message: { type: required(GraphQLString) },
    fix: { type: required(GraphQLString), description: 'The way out; empty when there is nothing to do.' },
  },
});

export const SchemaCheckReportType = new GraphQLObjectType({
  name: 'SchemaCheckReport',
  description: 'What `npm run schema -- check` says of a proposed schema.graphql.',
  fields: {
    fits: { type: required(GraphQLBoolean) },
    startRefused: { type: required(GraphQLBoolean) },
    firstCheck: { type: required(GraphQLBoolean) },
    findings: { type: list(SchemaFindingType) },
    summary: { type: required(GraphQLString) },
  },
});
