import { userError } from '../errors';

/**
 * How deep a variable's value may nest (objects and lists), checked before graphql-js coerces
 * it: coercion recurses once per level, so a value nested thousands deep would overflow the
 * stack instead of failing cleanly (docs/limits.md). Far above any filter `MAX_WHERE_DEPTH` allows.
 */
export const MAX_VARIABLE_DEPTH = 64;

/** The nesting depth of a JSON value (a scalar is 0), measured without recursion. */
export function jsonDepth(value: unknown, stopAbove = Infinity): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [node, level] = pending.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    deepest = Math.max(deepest, level + 1);
    if (deepest > stopAbove) break;
    for (const child of Array.isArray(node) ? node : Object.values(node)) pending.push([child, level + 1]);
  }
  return deepest;
}

export function assertVariablesDepth(variables: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(variables)) {
    if (jsonDepth(value, MAX_VARIABLE_DEPTH) > MAX_VARIABLE_DEPTH) {
      throw userError('BAD_USER_INPUT', `variable $${name} nests deeper than ${MAX_VARIABLE_DEPTH} levels`, {
        limit: MAX_VARIABLE_DEPTH,
        http: { status: 400 },
      });
    }
  }
}
