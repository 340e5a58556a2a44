import { buildSchema, Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { queryCost } from './queryCost';
import { TEXT_CONDITION_COST } from './whereSize';

const schema = buildSchema(`
  input PostWhere { title: String, OR: [PostWhere!] }
  type Query { allPosts(first: Int, last: Int, where: PostWhere, orderBy: [String!]): PostConnection!, viewer: Viewer!, nodes(ids: [ID!]!): [Post]!, recentPosts(first: Int): [Post!]!, statusConnection: StatusConnection }
  type StatusConnection { state: String }
  type Mutation { createManyPosts(input: CreateManyPostsInput!): CreateManyPostsPayload }
  input CreateManyPostsInput { items: [PostInput!]! }
  input PostInput { title: String }
  type CreateManyPostsPayload { changedPosts: [Post] }
  type Viewer { name: String }
  type PostConnection { edges: [PostEdge], totalCount: Int! }
  type PostEdge { node: Post }
  type Post { title: String, comments(first: Int): CommentConnection! }
  type CommentConnection { edges: [CommentEdge] }
  type CommentEdge { node: Comment }
  type Comment { text: String }
`);

function cost(query: string, variables: Record<string, unknown> = {}): number {
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  )!;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  return queryCost(schema, operation, fragments, variables);
}

describe('queryCost', () => {
  test.each([
    ['one scalar field', '{ viewer { name } }', 2],
    ['a page of 10 costs its selection 10 times', '{ allPosts(first: 10) { edges { node { title } } } }', 1 + 10 * 3],
    ['totalCount beside the edges counts once per item too', '{ allPosts(first: 2) { totalCount } }', 1 + 2 * 1],
    ['no first: the page limit (100)', '{ allPosts { edges { node { title } } } }', 1 + 100 * 3],
    [
      'nested pages multiply',
      '{ allPosts(first: 10) { edges { node { comments(first: 5) { edges { node { text } } } } } } }',
      1 + 10 * (3 + 5 * 3),
    ],
    ['first above the limit counts as the limit', '{ allPosts(first: 5000) { totalCount } }', 1 + 100],
    ['a paging field counts per item whatever its type is called', '{ recentPosts(first: 3) { title } }', 1 + 3 * 1],
    ['a type named …Connection without first/last is one object', '{ statusConnection { state } }', 2],
    [
      'fragments count as if inlined',
      '{ allPosts(first: 4) { ...Page } } fragment Page on PostConnection { edges { node { title } } }',
      1 + 4 * 3,
    ],
  ])('%s', (_what, query, expected) => {
    expect(cost(query)).toBe(expected);
  });

  test("plain lists count once per item their list argument (or their parent's) holds", () => {
    expect(cost('{ nodes(ids: ["a", "b", "c"]) { ... on Post { title } } }')).toBe(1 + 3 * 1);
    const items = Array.from({ length: 1000 }, () => ({ title: 't' }));
    expect(
      cost(
        'mutation($input: CreateManyPostsInput!) { createManyPosts(input: $input) { changedPosts { comments(first: 10) { edges { node { text } } } } } }',
        { input: { items } },
      ),
    ).toBe(1 + 1 + 1000 * (1 + 10 * 3));
    // Connection edges are lists too, but their page is already counted once; other list arguments say nothing.
    expect(cost('{ allPosts(first: 3, orderBy: ["a", "b"]) { edges { node { title } } } }')).toBe(1 + 3 * 3);
  });

  test('a where adds its conditions to the field that takes it, variables included', () => {
    expect(cost('{ allPosts(first: 2, where: { title: "a" }) { totalCount } }')).toBe(1 + 1 + 2);
    expect(
      cost('query($w: PostWhere) { allPosts(first: 2, where: $w) { totalCount } }', {
        w: { OR: [{ title: 'a' }, { title: 'b' }] },
      }),
    ).toBe(1 + 4 + 2);
  });

  test('a text test costs a page more than a condition (TEXT_CONDITION_COST)', () => {
    expect(
      cost('query($w: PostWhere) { allPosts(first: 2, where: $w) { totalCount } }', {
        w: { title: { contains: 'a' } },
      }),
    ).toBe(1 + 1 + TEXT_CONDITION_COST + 2);
  });

  test('variables give first its value', () => {
    expect(cost('query($n: Int) { allPosts(first: $n) { totalCount } }', { n: 7 })).toBe(1 + 7);
    expect(cost('query($n: Int) { allPosts(first: $n) { totalCount } }')).toBe(1 + 100);
  });
});
