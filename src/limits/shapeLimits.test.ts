import { buildSchema, parse } from 'graphql';
import { shapeLimitRefusal } from './shapeLimits';

const schema = buildSchema(`
  type Query { post: Post }
  type Post { title: String, next: Post }
`);
const LIMITS = { MAX_DEPTH: 3, MAX_ALIASES: 2, MAX_DIRECTIVES: 2 };

describe('shapeLimitRefusal', () => {
  // The same document object is checked again and again (Apollo caches parsed documents):
  // a verdict must not leak from one document to another, nor a refusal turn into a pass.
  test.each([
    ['within every limit', '{ post { title } }', undefined],
    ['too deep', '{ post { next { next { title } } } }', 'MAX_DEPTH'],
    ['too many aliases', '{ a: post { title } b: post { title } c: post { title } }', 'MAX_ALIASES'],
    [
      'too many directives',
      '{ post @include(if: true) { title @include(if: true) next @skip(if: false) { title } } }',
      'MAX_DIRECTIVES',
    ],
  ])('%s: the same answer on every check of the same document', (_name, query, setting) => {
    const refusal = shapeLimitRefusal(LIMITS);
    const document = parse(query);
    for (let check = 0; check < 3; check++) {
      const refused = refusal(schema, document);
      expect(refused?.extensions.setting).toBe(setting);
      if (setting) expect(refused?.extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  test('a passed document does not let a different document through', () => {
    const refusal = shapeLimitRefusal(LIMITS);
    expect(refusal(schema, parse('{ post { title } }'))).toBeUndefined();
    expect(refusal(schema, parse('{ post { next { next { title } } } }'))?.extensions.setting).toBe('MAX_DEPTH');
  });
});
