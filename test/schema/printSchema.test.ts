import {
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  lexicographicSortSchema,
  printSchema,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { runCli, spawnCli } from '../support/runCli';
import { startTestServer } from '../support/startTestServer';

/** `npm run --silent schema -- print` on the example app. */
async function printedSchema(env: Record<string, string> = {}): Promise<string> {
  const printed = await runCli('schema.ts', ['print'], env);
  expect([printed.code, printed.stderr]).toEqual([0, '']);
  return printed.stdout;
}

const typeName = (type: Parameters<typeof getNamedType>[0]) => getNamedType(type)!.name;

describe('npm run schema -- print', () => {
  let sdl: string;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    sdl = await printedSchema();
    schema = buildSchema(sdl);
  });

  test('prints the API the server answers with, even in production where introspection is off', async () => {
    const server = await startTestServer({ permissions: 'example' });
    try {
      const introspection = await server.request(getIntrospectionQuery());
      const served = lexicographicSortSchema(buildClientSchema(introspection.data));
      expect(printSchema(lexicographicSortSchema(schema))).toBe(printSchema(served));
    } finally {
      await server.stop();
    }
    expect(await printedSchema({ NODE_ENV: 'production', JWT_SECRET: '' })).toBe(sdl);
  });

  test('follows the Relay Global Object Identification conventions relay-compiler expects', () => {
    const node = schema.getType('Node');
    expect(isInterfaceType(node)).toBe(true);
    if (!isInterfaceType(node)) return;
    expect(String(node.getFields().id.type)).toBe('ID!');
    const nodeField = schema.getQueryType()!.getFields().node;
    expect(String(nodeField.type)).toBe('Node');
    expect(nodeField.args.map((arg) => `${arg.name}: ${String(arg.type)}`)).toEqual(['id: ID!']);
    for (const model of ['Post', 'Comment', 'Tag', 'User', 'Role']) {
      const type = schema.getType(model) as GraphQLObjectType;
      expect([model, type.getInterfaces().map((i) => i.name)]).toEqual([model, ['Node']]);
    }
  });

  test('every *Connection follows the Cursor Connections specification', () => {
    const pageInfo = schema.getType('PageInfo') as GraphQLObjectType;
    expect(
      Object.fromEntries(Object.values(pageInfo.getFields()).map((field) => [field.name, String(field.type)])),
    ).toEqual({
      hasNextPage: 'Boolean!',
      hasPreviousPage: 'Boolean!',
      startCursor: 'String',
      endCursor: 'String',
    });
    const connections = Object.values(schema.getTypeMap()).filter(
      (type) => isObjectType(type) && type.name.endsWith('Connection'),
    ) as GraphQLObjectType[];
    expect(connections.length).toBeGreaterThanOrEqual(5);
    for (const connection of connections) {
      const fields = connection.getFields();
      expect([connection.name, String(fields.pageInfo.type)]).toEqual([connection.name, 'PageInfo!']);
      expect(isListType(getNullableType(fields.edges.type))).toBe(true);
      const edge = getNamedType(fields.edges.type) as GraphQLObjectType;
      expect([edge.name, String(edge.getFields().cursor.type)]).toEqual([edge.name, 'String!']);
      expect(edge.getFields().node).toBeDefined();
    }
    // Every connection field takes the four paging arguments.
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (!typeName(field.type).endsWith('Connection')) continue;
        expect([
          `${type.name}.${field.name}`,
          field.args
            .map((arg) => arg.name)
            .filter((name) => ['first', 'after', 'last', 'before'].includes(name))
            .sort(),
        ]).toEqual([`${type.name}.${field.name}`, ['after', 'before', 'first', 'last']]);
      }
    }
  });

  test('every mutation takes one non-null input and echoes clientMutationId', () => {
    for (const mutation of Object.values(schema.getMutationType()!.getFields())) {
      expect([mutation.name, mutation.args.map((arg) => arg.name)]).toEqual([mutation.name, ['input']]);
      expect(isNonNullType(mutation.args[0].type)).toBe(true);
      const payload = getNamedType(mutation.type) as GraphQLObjectType;
      expect([mutation.name, String(payload.getFields().clientMutationId?.type)]).toEqual([mutation.name, 'String']);
    }
  });

  test('a mistake in schema.graphql is named, not thrown as a stack', async () => {
    const printed = await spawnCli('schema.ts', ['print'], { SCHEMA_FILE: 'no-such-file.graphql' });
    expect(printed.code).toBe(1);
    expect(printed.stderr).toMatch(/^schema: /);
    const usage = await runCli('schema.ts', ['explain'], {});
    expect([usage.code, usage.stderr]).toEqual([2, expect.stringContaining('npm run --silent schema -- print')]);
  });
});
