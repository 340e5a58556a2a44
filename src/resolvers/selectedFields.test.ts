import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { selectedFieldNames } from './selectedFields';

/** What a resolver of the first root field of `query` would be handed. */
function infoOf(query: string, variableValues: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const first = operation.selectionSet.selections[0] as FieldNode;
  // graphql-js hands every node of the same response key (the field asked twice, merged).
  const fieldNodes = operation.selectionSet.selections.filter(
    (s): s is FieldNode => s.kind === Kind.FIELD && (s.alias ?? s.name).value === (first.alias ?? first.name).value,
  );
  return { fieldNodes, fragments, variableValues };
}

describe('selectedFieldNames', () => {
  test.each([
    ['plain fields', '{ allNotes { edges { node { title author { username } } } } }', {}, ['title', 'author']],
    [
      'aliases count by field name',
      '{ allNotes { edges { node { a: author { username } t: title } } } }',
      {},
      ['author', 'title'],
    ],
    [
      'fragment spreads',
      '{ allNotes { ...Page } } fragment Page on NoteConnection { edges { node { ...Note } } } fragment Note on Note { author { id } }',
      {},
      ['author'],
    ],
    ['inline fragments', '{ allNotes { edges { node { ... on Note { author { id } } } } } }', {}, ['author']],
    [
      'edges asked twice are merged',
      '{ allNotes { edges { node { title } } edges { node { author { id } } } } }',
      {},
      ['title', 'author'],
    ],
    [
      'the same field asked twice is merged',
      '{ allNotes { edges { node { title } } } allNotes { edges { node { author { id } } } } }',
      {},
      ['title', 'author'],
    ],
    [
      '@skip(if: true) leaves a field out',
      '{ allNotes { edges { node { title author @skip(if: true) { id } } } } }',
      {},
      ['title'],
    ],
    [
      '@include(if: $with) follows the variable',
      'query($with: Boolean!) { allNotes { edges { node { title author @include(if: $with) { id } } } } }',
      { with: false },
      ['title'],
    ],
    [
      '@include(if: $with) true keeps it',
      'query($with: Boolean!) { allNotes { edges { node { author @include(if: $with) { id } } } } }',
      { with: true },
      ['author'],
    ],
    [
      'a skipped fragment leaves its fields out',
      '{ allNotes { edges { node { title ... on Note @skip(if: true) { author { id } } } } } }',
      {},
      ['title'],
    ],
    [
      'a skipped step of the path leaves everything out',
      '{ allNotes { edges @skip(if: true) { node { author { id } } } } }',
      {},
      [],
    ],
    ['nothing selected at the path', '{ allNotes { totalCount } }', {}, []],
  ])('%s', (_name, query, variables, expected) => {
    expect([...selectedFieldNames(infoOf(query, variables), ['edges', 'node'])].sort()).toEqual([...expected].sort());
  });
});
