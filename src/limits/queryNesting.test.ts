import { queryNesting, queryNestingRefusal, MAX_QUERY_NESTING } from './queryNesting';

describe('queryNesting', () => {
  test.each([
    ['', 0],
    ['{ a }', 1],
    ['{ a { b { c } } }', 3],
    ['{ a(where: { AND: [{ x: 1 }] }) { b } }', 5],
    ['{ a(s: "{{{{[[[((") }', 2],
    ['{ a(s: "escaped \\" {{{") }', 2],
    ['{ a(s: """ {{{ \\""" [[[ """) }', 2],
    ['# {{{{ a comment\n{ a }', 1],
    ['{ a # {{{\n b }', 1],
    ['{ a }\r# {{{\r', 1],
    ['}}} { a }', 1],
    ['{ a(s: "unterminated {{{ ) }', 2],
  ])('%j nests %i deep', (text, depth) => {
    expect(queryNesting(text)).toBe(depth);
  });

  test('stops counting past the bound, so a huge text costs no more than the bound', () => {
    expect(queryNesting('{'.repeat(100_000), 10)).toBe(11);
  });

  test('the refusal names the limit; a text at the limit passes', () => {
    expect(queryNestingRefusal(`${'{ a '.repeat(MAX_QUERY_NESTING)}${'}'.repeat(MAX_QUERY_NESTING)}`)).toBeUndefined();
    const refused = queryNestingRefusal(`${'['.repeat(MAX_QUERY_NESTING + 1)}`);
    expect(refused?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: MAX_QUERY_NESTING });
  });
});
