/**
 * The served API, read from its introspection (the admin query `schemaIntrospection`, which
 * answers also where INTROSPECTION is off), as the data browser needs it: each model with its
 * fields, its create and update inputs, its `where` filters and order fields. Everything is
 * found through the API's naming rules (docs/api.md#names), never hard-coded per app.
 */

/** The named type under NON_NULL and LIST wrappers, and whether it was required or a list. */
export function unwrap(typeRef) {
  let type = typeRef;
  let required = false;
  let list = false;
  if (type.kind === 'NON_NULL') {
    required = true;
    type = type.ofType;
  }
  while (type.kind === 'NON_NULL' || type.kind === 'LIST') {
    if (type.kind === 'LIST') list = true;
    type = type.ofType;
  }
  return { name: type.name, kind: type.kind, required, list };
}

/** Fields preferred as an object's label in lists and links, in order. */
const LABEL_FIELDS = ['name', 'title', 'username', 'displayName', 'slug', 'email', 'text'];

export function readModels(schema) {
  const types = new Map(schema.types.map((type) => [type.name, type]));
  const queryFields = types.get(schema.queryType.name).fields;
  const mutationFields = schema.mutationType ? types.get(schema.mutationType.name).fields : [];
  const subscriptionFields = schema.subscriptionType ? types.get(schema.subscriptionType.name).fields : [];
  const nodeOfConnection = (connectionName) => {
    const edges = types.get(connectionName)?.fields?.find((field) => field.name === 'edges');
    const edge = edges && types.get(unwrap(edges.type).name);
    const node = edge?.fields?.find((field) => field.name === 'node');
    return node ? unwrap(node.type).name : undefined;
  };
  const inputOf = (mutationName, skip) => {
    const mutation = mutationFields.find((field) => field.name === mutationName);
    const input = mutation?.args.find((arg) => arg.name === 'input');
    if (!input) return null;
    return types
      .get(unwrap(input.type).name)
      .inputFields.filter((field) => !skip.includes(field.name))
      .map((field) => {
        const type = unwrap(field.type);
        const named = types.get(type.name);
        return {
          name: field.name,
          type: type.name,
          required: type.required,
          kind: type.name === 'Upload' ? 'upload' : named.kind === 'ENUM' ? 'enum' : 'scalar',
          values: named.kind === 'ENUM' ? named.enumValues.map((value) => value.name) : undefined,
        };
      });
  };

  const models = new Map();
  for (const query of queryFields) {
    const connection = unwrap(query.type);
    if (!query.name.startsWith('all') || !connection.name.endsWith('Connection')) continue;
    const name = nodeOfConnection(connection.name);
    const object = types.get(name);
    if (!object || !queryFields.some((field) => field.name === `get${name}`)) continue;
    const fields = object.fields.map((field) => {
      const type = unwrap(field.type);
      const named = types.get(type.name);
      if (named.kind === 'SCALAR' || named.kind === 'ENUM')
        return { name: field.name, kind: 'scalar', type: type.name };
      if (type.name === 'File') return { name: field.name, kind: 'file', type: 'File' };
      if (type.name.endsWith('Connection'))
        return { name: field.name, kind: 'toMany', type: type.name, target: nodeOfConnection(type.name) };
      return { name: field.name, kind: 'toOne', type: type.name, target: type.name };
    });
    const where = types.get(`${name}WhereInput`);
    const orderField = types.get(`${name}OrderField`);
    models.set(name, {
      name,
      plural: query.name.slice(3),
      listField: query.name,
      fields,
      labelField: LABEL_FIELDS.find((label) => fields.some((f) => f.name === label && f.kind === 'scalar')) ?? 'id',
      create: inputOf(`create${name}`, ['clientMutationId']),
      update: inputOf(`update${name}`, ['id', 'clientMutationId']),
      canDelete: mutationFields.some((field) => field.name === `delete${name}`),
      filters: (where?.inputFields ?? [])
        .filter((field) => !['AND', 'OR', 'NOT'].includes(field.name))
        .map((field) => ({
          field: field.name,
          operators: types.get(unwrap(field.type).name).inputFields.map((op) => {
            const type = unwrap(op.type);
            return { name: op.name, type: type.name, list: type.list };
          }),
        })),
      orderFields: orderField ? orderField.enumValues.map((value) => value.name) : [],
      subscription: subscriptionFields.some((field) => field.name === `subscribeTo${name}`)
        ? `subscribeTo${name}`
        : null,
    });
  }
  return models;
}

/**
 * The selection of an object's fields for a list or a page: scalars, files, and a to-one
 * relation's id and label. To-many relations only on one object's page (`withLists`), first
 * `listSize` of each, with their count.
 */
export function selectionOf(model, models, { withLists = false, listSize = 10 } = {}) {
  return model.fields
    .map((field) => {
      if (field.kind === 'scalar') return field.name;
      if (field.kind === 'file') return `${field.name} { name contentType size url }`;
      const target = models.get(field.target);
      const label = target && target.labelField !== 'id' ? ` ${target.labelField}` : '';
      if (field.kind === 'toOne') return `${field.name} { id${label} }`;
      if (!withLists) return null;
      return `${field.name}(first: ${listSize}) { totalCount edges { node { id${label} } } }`;
    })
    .filter(Boolean)
    .join(' ');
}

/**
 * Text typed in a form or filter → the value a GraphQL input of `type` takes. What does not
 * parse is sent as typed, so the server's own error explains it at the field.
 */
export function inputValue(type, text) {
  const trimmed = text.trim();
  if (type === 'Int' && /^-?\d+$/.test(trimmed)) return Number(trimmed);
  if (type === 'Float' && trimmed !== '' && !Number.isNaN(Number(trimmed))) return Number(trimmed);
  if (type === 'Boolean' && (trimmed === 'true' || trimmed === 'false')) return trimmed === 'true';
  return text;
}
