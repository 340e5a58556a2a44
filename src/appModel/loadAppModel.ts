import {
  GraphQLError,
  Kind,
  Source,
  getLocation,
  parse,
  type ASTNode,
  type DirectiveNode,
  type FieldDefinitionNode,
  type ObjectTypeDefinitionNode,
  type ObjectTypeExtensionNode,
  type TypeNode,
} from 'graphql';
import {
  SCALAR_TYPES,
  SYSTEM_FIELDS,
  lowerFirst,
  pluralize,
  type AppModel,
  type Field,
  type Model,
  type RelationField,
  type Relation,
  type RelationEnd,
  type ScalarType,
} from './AppModel';
import {
  BUILT_IN_MODELS,
  BUILT_IN_SCHEMA,
  EMAIL_FIELD,
  EMAIL_VERIFIED_FIELD,
  PASSWORD_FIELD,
  SERVER_MANAGED_FIELDS,
  USER_ROLES,
} from './builtInSchema';
import { SchemaError } from './SchemaError';
import { defaultValueFor, directiveArgumentsProblem } from './directiveArguments';
import { linkModels } from './linkModels';
import { readUploadDirective } from './uploadDirective';

/** Names the generated API uses for itself; a model may not take them. */
const RESERVED_TYPE_NAMES = new Set([
  'Query',
  'Mutation',
  'Subscription',
  'Node',
  'Viewer',
  'PageInfo',
  'AccessLevel',
  'OrderDirection',
  ...SCALAR_TYPES,
  // The admin operations' types (adminApi/adminTypes.ts), and ViewAsToken for `createViewAsToken`.
  'AdminToken',
  'ViewAsToken',
  'PermissionRule',
  'TypeRules',
  'AccessDecision',
  'FieldAccess',
  'OperationAccess',
  'AccessExplanation',
  'SchemaFinding',
  'SchemaCheckReport',
]);
const GENERATED_SUFFIXES = ['Connection', 'Edge', 'WhereInput', 'Filter', 'OrderBy', 'OrderField', 'Input', 'Payload'];
const KNOWN_DIRECTIVES = new Set(['model', 'unique', 'default', 'relation', 'upload']);

type TypeNodeDef = ObjectTypeDefinitionNode | ObjectTypeExtensionNode;

/**
 * Parses and validates the app schema together with the built-in models. Any mistake throws
 * a `SchemaError` naming the file, the line and the reason (docs/schema.md).
 */
export function loadAppModel(appSource: string, file = 'schema.graphql'): AppModel {
  const builtIn = new Source(BUILT_IN_SCHEMA, '(built-in)');
  const app = new Source(appSource, file);
  const fail = (node: ASTNode | undefined, reason: string): never => {
    const source = node?.loc?.source ?? app;
    const line = node?.loc ? getLocation(source, node.loc.start).line : 1;
    throw new SchemaError(source.name, line, reason);
  };

  let appDocument;
  try {
    appDocument = parse(app);
  } catch (error) {
    const location = (error as GraphQLError).locations?.[0];
    throw new SchemaError(file, location?.line ?? 1, (error as GraphQLError).message);
  }
  const definitions = [...parse(builtIn).definitions, ...appDocument.definitions];

  const typeNodes = new Map<string, TypeNodeDef[]>();
  for (const definition of definitions) {
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION) {
      const name = definition.name.value;
      if (typeNodes.has(name)) fail(definition, `type ${name} is defined twice (use "extend type ${name}")`);
      if (RESERVED_TYPE_NAMES.has(name)) fail(definition, `${name} is a reserved type name`);
      if (GENERATED_SUFFIXES.some((suffix) => name.endsWith(suffix))) {
        fail(definition, `type names ending in ${GENERATED_SUFFIXES.join('/')} are reserved for the generated API`);
      }
      if (!definition.directives?.some((d) => d.name.value === 'model')) fail(definition, `type ${name} needs @model`);
      for (const typeDirective of definition.directives ?? []) {
        if (typeDirective.name.value !== 'model')
          fail(typeDirective, `unknown type directive @${typeDirective.name.value}`);
        const problem = directiveArgumentsProblem(typeDirective);
        if (problem) fail(typeDirective, `${name}: ${problem}`);
      }
      typeNodes.set(name, [definition]);
    } else if (definition.kind === Kind.OBJECT_TYPE_EXTENSION) {
      const list = typeNodes.get(definition.name.value);
      if (!list) fail(definition, `cannot extend unknown type ${definition.name.value}`);
      list!.push(definition);
    } else {
      fail(definition, `only "type X @model" and "extend type X" are allowed here, not ${definition.kind}`);
    }
  }

  const models = new Map<string, Model>();
  const relationEnds = new Map<string, { end: RelationEnd; node: FieldDefinitionNode }[]>();
  for (const [name, nodes] of typeNodes) {
    const fields = new Map<string, Field>();
    fields.set('id', { kind: 'scalar', name: 'id', type: 'ID', required: true, unique: true, system: true });
    fields.set('createdAt', {
      kind: 'scalar',
      name: 'createdAt',
      type: 'DateTime',
      required: true,
      unique: false,
      system: true,
    });
    fields.set('modifiedAt', {
      kind: 'scalar',
      name: 'modifiedAt',
      type: 'DateTime',
      required: true,
      unique: false,
      system: true,
    });
    for (const node of nodes) {
      for (const fieldNode of node.fields ?? []) {
        const fieldName = fieldNode.name.value;
        if (
          (SYSTEM_FIELDS as readonly string[]).includes(fieldName) ||
          fieldName === PASSWORD_FIELD ||
          fieldName.startsWith('_')
        ) {
          fail(fieldNode, `${name}.${fieldName}: the field name ${fieldName} is reserved`);
        }
        if (name === 'User' && fieldName === EMAIL_VERIFIED_FIELD) {
          fail(
            fieldNode,
            `User.${fieldName} is the server's: User has it whenever it has an ${EMAIL_FIELD} String field`,
          );
        }
        if (fields.has(fieldName)) fail(fieldNode, `${name}.${fieldName} is declared twice`);
        const given = new Set<string>();
        for (const directive of fieldNode.directives ?? []) {
          if (!KNOWN_DIRECTIVES.has(directive.name.value) || directive.name.value === 'model') {
            fail(directive, `unknown field directive @${directive.name.value}`);
          }
          if (given.has(directive.name.value))
            fail(directive, `${name}.${fieldName}: @${directive.name.value} is given twice`);
          given.add(directive.name.value);
          const problem = directiveArgumentsProblem(directive);
          if (problem) fail(directive, `${name}.${fieldName}: ${problem}`);
        }
        const { named, list, required } = unwrap(fieldNode.type, (reason) =>
          fail(fieldNode, `${name}.${fieldName}: ${reason}`),
        );
        const relationDirective = directive(fieldNode, 'relation');
        if (typeNodes.has(named)) {
          const relationName = relationDirective && stringArgument(relationDirective, 'name');
          if (relationDirective && !relationName)
            fail(relationDirective, `${name}.${fieldName}: @relation(name:) takes the relation's name as a string`);
          if (!relationName)
            fail(fieldNode, `${name}.${fieldName} refers to the model ${named} and needs @relation(name: "...")`);
          if (directive(fieldNode, 'unique') || directive(fieldNode, 'default')) {
            fail(fieldNode, `${name}.${fieldName}: @unique and @default apply to scalar fields only`);
          }
          fields.set(fieldName, {
            kind: 'relation',
            name: fieldName,
            relation: relationName!,
            target: named,
            list,
            required: required && !list,
            storage: 'link',
          });
          const ends = relationEnds.get(relationName!) ?? [];
          ends.push({ end: { model: name, field: fieldName, list }, node: fieldNode });
          relationEnds.set(relationName!, ends);
        } else {
          if (!(SCALAR_TYPES as readonly string[]).includes(named))
            fail(fieldNode, `${name}.${fieldName}: unknown type ${named}`);
          if (list) fail(fieldNode, `${name}.${fieldName}: lists of scalars are not supported; use JSON`);
          if (relationDirective) fail(relationDirective, `${name}.${fieldName}: @relation needs a model type`);
          const uploadDirective = directive(fieldNode, 'upload');
          if (uploadDirective && named !== 'File')
            fail(uploadDirective, `${name}.${fieldName}: @upload applies to File fields only`);
          const upload = named === 'File' ? readUploadDirective(uploadDirective) : undefined;
          if (typeof upload === 'string') fail(uploadDirective, `${name}.${fieldName}: ${upload}`);
          if (named === 'File' && (directive(fieldNode, 'unique') || directive(fieldNode, 'default'))) {
            fail(fieldNode, `${name}.${fieldName}: @unique and @default do not apply to File fields`);
          }
          const defaultDirective = directive(fieldNode, 'default');
          const defaultNode = defaultDirective?.arguments?.find((a) => a.name.value === 'value');
          if (defaultDirective && !defaultNode) fail(defaultDirective, `${name}.${fieldName}: @default needs value:`);
          const defaultValue = defaultNode && defaultValueFor(named as ScalarType, defaultNode.value);
          if (defaultValue && 'problem' in defaultValue)
            fail(defaultDirective, `${name}.${fieldName}: ${defaultValue.problem}`);
          fields.set(fieldName, {
            kind: 'scalar',
            name: fieldName,
            type: named as ScalarType,
            required,
            system: SERVER_MANAGED_FIELDS[name]?.includes(fieldName) ?? false,
            unique: directive(fieldNode, 'unique') !== undefined,
            ...(defaultValue && 'value' in defaultValue ? { defaultValue: defaultValue.value } : {}),
            ...(upload && typeof upload !== 'string' ? { upload } : {}),
          });
        }
      }
    }
    const email = fields.get(EMAIL_FIELD);
    if (name === 'User' && email?.kind === 'scalar' && email.type === 'String') {
      fields.set(EMAIL_VERIFIED_FIELD, {
        kind: 'scalar',
        name: EMAIL_VERIFIED_FIELD,
        type: 'Boolean',
        required: false,
        unique: false,
        system: true,
      });
    }
    models.set(name, {
      name,
      plural: pluralize(name),
      collection: name,
      fields,
      builtIn: BUILT_IN_MODELS.includes(name),
    });
  }

  const relations = new Map<string, Relation>();
  for (const [relationName, ends] of relationEnds) {
    const where = ends[0].node;
    if (ends.length === 1)
      fail(where, `relation "${relationName}" has one side only: declare it on ${lastNamed(where.type)} too`);
    if (ends.length > 2) fail(ends[2].node, `relation "${relationName}" is declared on more than two fields`);
    const [a, b] = ends;
    const aField = relationField(models, a.end);
    const bField = relationField(models, b.end);
    if (aField.target !== b.end.model || bField.target !== a.end.model) {
      fail(
        b.node,
        `relation "${relationName}" must join ${a.end.model}.${a.end.field} and ${b.end.model}.${b.end.field} to each other's types`,
      );
    }
    if (a.end.list && b.end.list) {
      if (!/^[A-Z][_0-9A-Za-z]*$/.test(relationName))
        fail(
          where,
          `many-to-many relation name "${relationName}" must be a type name (it names the link type and its mutations)`,
        );
      if (models.has(relationName)) fail(where, `relation "${relationName}" has the name of a type`);
      if (a.end.model === b.end.model)
        fail(b.node, `many-to-many relation "${relationName}" joins ${a.end.model} to itself, which is not supported`);
      relations.set(relationName, {
        kind: 'manyToMany',
        name: relationName,
        ends: [a.end, b.end],
        collection: `_link_${relationName}`,
        linkKeys: [lowerFirst(a.end.model), lowerFirst(b.end.model)],
      });
    } else {
      const [owner, other] = a.end.list ? [b.end, a.end] : [a.end, b.end];
      const ownerModel = models.get(owner.model)!;
      if (ownerModel.fields.has(`${owner.field}Id`))
        fail(where, `${owner.model}.${owner.field}Id clashes with the input field of relation "${relationName}"`);
      relations.set(relationName, { kind: 'toOne', name: relationName, owner, other });
      relationField(models, owner).storage = 'reference';
      relationField(models, other).storage = 'reverse';
    }
  }
  if (!relations.has(USER_ROLES) || relations.get(USER_ROLES)!.kind !== 'manyToMany') {
    fail(undefined, `the built-in relation ${USER_ROLES} was redefined`);
  }
  return { models, relations, links: linkModels(relations) };
}

function relationField(models: Map<string, Model>, end: RelationEnd): RelationField {
  return models.get(end.model)!.fields.get(end.field) as RelationField;
}

function directive(node: FieldDefinitionNode, name: string): DirectiveNode | undefined {
  return node.directives?.find((d) => d.name.value === name);
}

function stringArgument(node: DirectiveNode, name: string): string | undefined {
  const argument = node.arguments?.find((a) => a.name.value === name);
  return argument?.value.kind === Kind.STRING ? argument.value.value : undefined;
}

function lastNamed(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : lastNamed(type.type);
}

function unwrap(type: TypeNode, fail: (reason: string) => never): { named: string; list: boolean; required: boolean } {
  let required = false;
  let list = false;
  let current = type;
  if (current.kind === Kind.NON_NULL_TYPE) {
    required = true;
    current = current.type;
  }
  if (current.kind === Kind.LIST_TYPE) {
    list = true;
    current = current.type;
    if (current.kind === Kind.NON_NULL_TYPE) current = current.type;
    if (current.kind !== Kind.NAMED_TYPE) fail('nested lists are not supported');
  }
  return { named: (current as { name: { value: string } }).name.value, list, required };
}
