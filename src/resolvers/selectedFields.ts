import {
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type FieldNode,
  type GraphQLResolveInfo,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

type Selection = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments' | 'variableValues'>;

/**
 * The names of the fields a client selects at `path` below the field being resolved (for a
 * connection, `['edges', 'node']`), through fragments and aliases, leaving out what `@skip`
 * and `@include` leave out, as graphql-js will when it gets there.
 */
export function selectedFieldNames(info: Selection, path: readonly string[]): Set<string> {
  let level: SelectionSetNode[] = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  for (const name of path) {
    level = fieldsIn(level, info)
      .filter((field) => field.name.value === name)
      .flatMap((field) => (field.selectionSet ? [field.selectionSet] : []));
  }
  return new Set(fieldsIn(level, info).map((field) => field.name.value));
}

function fieldsIn(sets: readonly SelectionSetNode[], info: Selection): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const set of sets) collectFields(set, info, fields);
  return fields;
}

// A module-level function, not a closure: under tsx every closure made is also named, per call.
function collectFields(set: SelectionSetNode, info: Selection, into: FieldNode[]): void {
  for (const selection of set.selections) {
    if (!included(selection, info.variableValues)) continue;
    if (selection.kind === Kind.FIELD) into.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) collectFields(selection.selectionSet, info, into);
    else {
      const fragment = info.fragments[selection.name.value];
      if (fragment) collectFields(fragment.selectionSet, info, into);
    }
  }
}

/** GraphQL spec §3.13: `@skip(if: true)` leaves a selection out, as does `@include(if: false)`. */
function included(node: SelectionNode, variables: Record<string, unknown>): boolean {
  if (!node.directives || node.directives.length === 0) return true;
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
}
