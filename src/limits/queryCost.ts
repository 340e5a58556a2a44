import {
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromASTUntyped,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { MAX_PAGE_SIZE } from './pageSize';
import { whereCost as costOfWhere } from './whereSize';

/**
 * What an operation may cost at most: every field costs 1, and what a list field selects
 * costs once per item it can return — `first`/`last` when given, the page limit otherwise.
 * So `allPosts(first: 100) { edges { node { comments(first: 100) { … } } } }` costs about
 * 100 × 100 × the comment selection, which is what the store would be asked for. A `where`
 * adds its conditions to the field that takes it, and a page for each text test (`whereCost`):
 * the store evaluates them on every call.
 */
export function queryCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown> = {},
): number {
  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  if (!root) return 0;

  function pageOf(
    args: readonly { name: { value: string }; value: Parameters<typeof valueFromASTUntyped>[0] }[] | undefined,
  ): number {
    for (const arg of args ?? []) {
      if (arg.name.value !== 'first' && arg.name.value !== 'last') continue;
      const value = valueFromASTUntyped(arg.value, variables);
      if (typeof value === 'number' && Number.isFinite(value)) return Math.max(0, Math.min(value, MAX_PAGE_SIZE));
    }
    return MAX_PAGE_SIZE;
  }

  /**
   * How many objects a plain list (not a connection) may hold, from a list in the arguments of
   * the field or of its parent: `nodes(ids: [...])`, `createManyPosts(input: { items: [...] })`
   * → `changedPosts`. Undefined when no argument says.
   */
  function listLengthOf(args: Parameters<typeof pageOf>[0]): number | undefined {
    for (const arg of args ?? []) {
      if (arg.name.value !== 'ids' && arg.name.value !== 'input') continue;
      const value = valueFromASTUntyped(arg.value, variables) as unknown;
      const list = arg.name.value === 'ids' ? value : (value as { items?: unknown } | null)?.items;
      if (Array.isArray(list)) return list.length;
    }
    return undefined;
  }

  function whereCost(
    args: readonly { name: { value: string }; value: Parameters<typeof valueFromASTUntyped>[0] }[] | undefined,
  ): number {
    const where = args?.find((arg) => arg.name.value === 'where');
    return where ? costOfWhere(valueFromASTUntyped(where.value, variables)) : 0;
  }

  function costOf(
    selectionSet: SelectionSetNode,
    parent: GraphQLCompositeType,
    seen: Set<string>,
    parentLength?: number,
  ): number {
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        if (type && (isObjectType(type) || isInterfaceType(type)))
          total += costOf(selection.selectionSet, type, seen, parentLength);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments[selection.name.value];
        // A fragment that spreads itself is a validation error; count it once here.
        if (!fragment || seen.has(fragment.name.value)) continue;
        const type = schema.getType(fragment.typeCondition.name.value);
        if (type && (isObjectType(type) || isInterfaceType(type)))
          total += costOf(fragment.selectionSet, type, new Set([...seen, fragment.name.value]), parentLength);
        continue;
      }
      total += 1 + whereCost(selection.arguments);
      if (!selection.selectionSet || !(isObjectType(parent) || isInterfaceType(parent))) continue;
      const field = parent.getFields()[selection.name.value];
      const type = field && getNamedType(field.type);
      if (!type || !(isObjectType(type) || isInterfaceType(type))) continue;
      // A list is a field that pages: Relay connections take `first`/`last` (Cursor Connections spec §4.1).
      const isConnection = field.args.some((a) => a.name === 'first' || a.name === 'last');
      const ownLength = listLengthOf(selection.arguments);
      const isPlainList = !isConnection && isListType(getNullableType(field.type));
      const times = isConnection ? pageOf(selection.arguments) : isPlainList ? (ownLength ?? parentLength ?? 1) : 1;
      total += times * costOf(selection.selectionSet, type, seen, ownLength);
    }
    return total;
  }

  return costOf(operation.selectionSet, root, new Set());
}
