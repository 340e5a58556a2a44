import { hash } from 'node:crypto';
import type { ApolloServerOptionsWithSchema, BaseContext } from '@apollo/server';
import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { Config } from '../config/loadConfig';
import { userError } from '../errors';
import { BoundedCache } from './BoundedCache';
import { introspectionEnabled, introspectionOffRule } from './introspection';
import { PersistedQueries } from './persistedQueries';
import { queryCost } from './queryCost';
import { queryNestingRefusal } from './queryNesting';
import { shapeLimitRefusal } from './shapeLimits';
import { assertVariablesDepth } from './variableDepth';

/** Characters of query text whose parsed, validated documents are kept; the least recently used go first. */
export const MAX_ADMITTED_QUERY_TEXT = 2_000_000;

/** Costs remembered per parsed operation, for variables written in at most this many characters. */
const REMEMBERED_VARIABLES_LENGTH = 256;
/** How many sets of variables one operation remembers costs for, before it starts over. */
const REMEMBERED_COSTS_PER_OPERATION = 16;

/** A GraphQL request as either transport carries it: the JSON body, the URL's parameters, a `subscribe` message. */
export interface OperationRequest {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
  extensions?: unknown;
}

export type Admission =
  | {
      admitted: true;
      /** The text that was admitted: the request's, or the persisted query its hash names. */
      query: string;
      document: DocumentNode;
      operation: OperationDefinitionNode;
      variables: Record<string, unknown>;
    }
  | { admitted: false; errors: readonly GraphQLError[]; status: number };

export interface Admissions {
  admit(request: OperationRequest): Admission;
  /** Apollo's `documentStore`: the documents admitted here, so Apollo neither parses nor validates them again. */
  documentStore: NonNullable<ApolloServerOptionsWithSchema<BaseContext>['documentStore']>;
}

type Parsed = { document: DocumentNode; fragments: Record<string, FragmentDefinitionNode> };

/**
 * The one door every operation passes before anything runs, over HTTP and WebSocket alike
 * (docs/limits.md, docs/errors.md): the request's shape, persisted queries, the text's
 * bracket nesting, parsing with the token limit, validation (the spec's rules, introspection
 * when off), depth, aliases and directives, the choice of operation, the variables' nesting
 * and types, and the cost. A refusal is a list of errors with codes and the HTTP status;
 * nothing of the request has run. A document is parsed and validated once per text.
 */
export function createAdmissions(schema: GraphQLSchema, config: Config): Admissions {
  const production = config.NODE_ENV === 'production';
  const rules = [...specifiedRules, ...(introspectionEnabled(config) ? [] : [introspectionOffRule])];
  const shapeRefusal = shapeLimitRefusal(config);
  const documents = new BoundedCache<Parsed>(MAX_ADMITTED_QUERY_TEXT);
  const persisted = new PersistedQueries();
  const costs = new WeakMap<OperationDefinitionNode, Map<string, number>>();
  const hashOf = (text: string) => hash('sha256', text, 'hex');
  // Field and enum suggestions name parts of the schema a production client may not know.
  const said = (message: string) => (production ? message.replace(/\s*Did you mean [^?]*\?/g, '') : message);

  function parsed(query: string, key: string): Parsed | readonly GraphQLError[] {
    const known = documents.get(key);
    if (known) return known;
    const tooDeep = queryNestingRefusal(query);
    if (tooDeep) return [tooDeep];
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: config.MAX_TOKENS });
    } catch (error) {
      const syntax = error as GraphQLError;
      return [refusal('GRAPHQL_PARSE_FAILED', syntax.message, 400, syntax)];
    }
    const invalid = validate(schema, document, rules);
    if (invalid.length > 0)
      return invalid.map((error) => refusal('GRAPHQL_VALIDATION_FAILED', said(error.message), 400, error));
    const tooLarge = shapeRefusal(schema, document);
    if (tooLarge) return [tooLarge];
    const fragments: Record<string, FragmentDefinitionNode> = Object.create(null);
    for (const definition of document.definitions)
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
    const entry = { document, fragments };
    documents.set(key, entry, query.length);
    return entry;
  }

  function costOf(operation: OperationDefinitionNode, parsed: Parsed, variables: Record<string, unknown>): number {
    // A client repeating a request is priced once: the cost depends on the operation and the variables only.
    const key = JSON.stringify(variables);
    let known = costs.get(operation);
    let cost = known?.get(key);
    if (cost === undefined) {
      cost = queryCost(schema, operation, parsed.fragments, variables);
      if (key.length <= REMEMBERED_VARIABLES_LENGTH) {
        if (!known || known.size >= REMEMBERED_COSTS_PER_OPERATION) costs.set(operation, (known = new Map()));
        known.set(key, cost);
      }
    }
    return cost;
  }

  function admit(request: OperationRequest): Admission {
    const { query, operationName, variables = {}, extensions } = request;
    if (query !== undefined && query !== null && typeof query !== 'string')
      return refused(refusal('BAD_REQUEST', 'query must be a string'));
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string')
      return refused(refusal('BAD_REQUEST', 'operationName must be a string'));
    if (variables !== null && (typeof variables !== 'object' || Array.isArray(variables)))
      return refused(refusal('BAD_REQUEST', 'variables must be an object'));
    if (
      extensions !== undefined &&
      extensions !== null &&
      (typeof extensions !== 'object' || Array.isArray(extensions))
    )
      return refused(refusal('BAD_REQUEST', 'extensions must be an object'));
    const persistedQuery = (extensions as { persistedQuery?: unknown } | null | undefined)?.persistedQuery;
    let text = query ?? undefined;
    let key: string;
    let register = false;
    if (persistedQuery !== undefined) {
      const resolved = persisted.resolve(text || undefined, persistedQuery, hashOf);
      if (resolved instanceof GraphQLError) return refused(resolved);
      ({ query: text, hash: key, register } = resolved);
    } else {
      if (!text) return refused(refusal('BAD_REQUEST', 'a GraphQL request needs a non-empty query'));
      key = hashOf(text);
    }
    const found = parsed(text, key);
    if (Array.isArray(found)) return refused(...found);
    const entry = found as Parsed;
    const operation = getOperationAST(entry.document, (operationName as string | null | undefined) ?? undefined);
    if (!operation) {
      const message = operationName
        ? `Unknown operation named "${operationName as string}".`
        : 'Must provide operation name if query contains multiple operations.';
      return refused(refusal('OPERATION_RESOLUTION_FAILURE', message));
    }
    const given = (variables ?? {}) as Record<string, unknown>;
    try {
      assertVariablesDepth(given);
    } catch (error) {
      return refused(error as GraphQLError);
    }
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], given, { maxErrors: 50 });
    if (coerced.errors)
      return refused(...coerced.errors.map((error) => refusal('BAD_USER_INPUT', said(error.message), 400, error)));
    const cost = costOf(operation, entry, given);
    if (cost > config.MAX_COST) {
      return refused(
        userError(
          'BAD_USER_INPUT',
          `this query may cost ${cost}, above the limit of ${config.MAX_COST}; ask for smaller pages`,
          {
            cost,
            limit: config.MAX_COST,
            http: { status: 400 },
          },
        ),
      );
    }
    if (register) persisted.remember(key, text);
    return { admitted: true, query: text, document: entry.document, operation, variables: given };
  }

  return {
    admit,
    documentStore: {
      // Apollo's key is a prefix of its own, a colon, and the SHA-256 of the query: ours.
      get: async (key) => documents.get(key.slice(key.lastIndexOf(':') + 1))?.document,
      set: async () => undefined,
      delete: async (key) => documents.delete(key.slice(key.lastIndexOf(':') + 1)),
    },
  };
}

function refused(...errors: GraphQLError[]): Admission {
  const statuses = errors.map((error) => (error.extensions.http as { status?: number } | undefined)?.status ?? 400);
  return { admitted: false, errors, status: Math.max(...statuses) };
}

/** A refusal with Apollo Server's code for it (docs/errors.md), keeping where in the query it points. */
function refusal(code: string, message: string, status = 400, from?: GraphQLError): GraphQLError {
  return new GraphQLError(message, {
    nodes: from?.nodes,
    source: from?.source,
    positions: from?.positions,
    originalError: from?.originalError ?? undefined,
    extensions: { ...from?.extensions, code, http: { status } },
  });
}
