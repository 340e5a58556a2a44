import { userError } from '../errors';

/**
 * How deep brackets (`{ [ (`) may nest in a query's text, counted before it is parsed:
 * graphql-js's parser recurses once per level and overflows the stack from about 1,300
 * (docs/limits.md), before the token limit applies. A selection level is one, a `where`
 * level two (`{ AND: [ … ] }`), so this is far above what `MAX_DEPTH` and `MAX_WHERE_DEPTH` allow.
 */
export const MAX_QUERY_NESTING = 128;

const OPENS = new Set(['{', '[', '(']);
const CLOSES = new Set(['}', ']', ')']);

/**
 * The deepest bracket nesting of a GraphQL document's text, outside strings, block strings
 * and comments, in one pass; stops counting once past `stopAbove`. Mismatched brackets are
 * the parser's to report.
 */
export function queryNesting(text: string, stopAbove = Infinity): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#') {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '"') {
      if (text.startsWith('"""', i)) {
        i += 3;
        while (i < text.length && !text.startsWith('"""', i)) i += text.startsWith('\\"""', i) ? 4 : 1;
        i += 2;
      } else {
        i++;
        while (i < text.length && text[i] !== '"' && text[i] !== '\n' && text[i] !== '\r')
          i += text[i] === '\\' ? 2 : 1;
      }
    } else if (OPENS.has(c)) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (CLOSES.has(c) && depth > 0) {
      depth--;
    }
  }
  return deepest;
}

/** BAD_USER_INPUT naming `MAX_QUERY_NESTING`, or undefined for a text within it. */
export function queryNestingRefusal(text: string) {
  if (queryNesting(text, MAX_QUERY_NESTING) <= MAX_QUERY_NESTING) return undefined;
  return userError('BAD_USER_INPUT', `the query nests brackets deeper than ${MAX_QUERY_NESTING} levels`, {
    limit: MAX_QUERY_NESTING,
    http: { status: 400 },
  });
}
