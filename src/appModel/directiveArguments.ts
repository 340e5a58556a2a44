import { Kind, print, valueFromASTUntyped, type DirectiveNode, type ValueNode } from 'graphql';
import type { ScalarType } from './AppModel';

/**
 * The arguments each directive of `schema.graphql` takes (docs/schema.md); `@upload`'s are read
 * by `readUploadDirective`. Anything else given is a mistake the start refuses, never ignored.
 */
const ARGUMENTS: Record<string, readonly string[]> = {
  model: [],
  unique: [],
  default: ['value'],
  relation: ['name'],
  upload: ['accept', 'maxSize'],
};

const INT_RANGE = 2 ** 31;
/** As the DateTime scalar takes it: ISO-8601 with a time zone. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Why a directive's arguments are wrong (unknown or repeated), or undefined when they are not. */
export function directiveArgumentsProblem(directive: DirectiveNode): string | undefined {
  const name = directive.name.value;
  const allowed = ARGUMENTS[name] ?? [];
  const seen = new Set<string>();
  for (const argument of directive.arguments ?? []) {
    const given = argument.name.value;
    if (!allowed.includes(given)) {
      return allowed.length === 0
        ? `@${name} takes no arguments`
        : `@${name} has no argument ${given} (it takes ${allowed.join(' and ')})`;
    }
    if (seen.has(given)) return `@${name}(${given}:) is given twice`;
    seen.add(given);
  }
  return undefined;
}

/**
 * `@default(value: ...)` checked against the field's type, so a wrong default stops the start
 * instead of being stored and failing every later read: the value to store (a DateTime in
 * the stored form, UTC with milliseconds), or the reason it does not fit.
 */
export function defaultValueFor(type: ScalarType, node: ValueNode): { value: unknown } | { problem: string } {
  const wrong = (expected: string) => ({
    problem: `@default(value: ${print(node)}) is not ${expected}, which a ${type} field needs`,
  });
  switch (type) {
    case 'ID':
    case 'String':
      return node.kind === Kind.STRING ? { value: node.value } : wrong('a string');
    case 'Int': {
      const value = node.kind === Kind.INT ? Number(node.value) : NaN;
      return Number.isSafeInteger(value) && value >= -INT_RANGE && value < INT_RANGE
        ? { value }
        : wrong('a 32-bit integer');
    }
    case 'Float':
      return node.kind === Kind.INT || node.kind === Kind.FLOAT ? { value: Number(node.value) } : wrong('a number');
    case 'Boolean':
      return node.kind === Kind.BOOLEAN ? { value: node.value } : wrong('true or false');
    case 'DateTime': {
      const date = node.kind === Kind.STRING && ISO_DATE_TIME.test(node.value) ? new Date(node.value) : undefined;
      return date && !Number.isNaN(date.getTime())
        ? { value: date.toISOString() }
        : wrong('an ISO-8601 date and time with a time zone ("2026-01-31T12:00:00Z")');
    }
    case 'JSON':
      return node.kind === Kind.NULL ? wrong('a JSON value other than null') : { value: valueFromASTUntyped(node) };
    default:
      return { problem: `@default does not apply to ${type} fields` };
  }
}
