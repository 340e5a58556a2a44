import type { CompiledRule } from '../permissions/Rule';

/**
 * Whether every viewer `narrow` reaches is reached by `wide` too, with at least the same
 * operations (docs/permissions.md#scopes-with-worked-examples): EVERYONE reaches all; AUTHENTICATED every signed-in viewer (so
 * every ROLE and RELATION viewer); a ROLE rule the members of its roles (readonly members
 * alike, so a wider role list reaches more); a RELATION rule the users its paths lead to.
 */
export function scopeIncludes(wide: CompiledRule, narrow: CompiledRule): boolean {
  // A rule for verified users only reaches none of the others.
  if (wide.verified && !narrow.verified) return false;
  switch (wide.scope) {
    case 'EVERYONE':
      return true;
    case 'AUTHENTICATED':
      return narrow.scope !== 'EVERYONE';
    case 'ROLE':
      return narrow.scope === 'ROLE' && narrow.roles.every((role) => wide.roles.includes(role));
    case 'RELATION': {
      const widePaths = new Set(wide.paths.map((path) => path.join('.')));
      return narrow.scope === 'RELATION' && narrow.paths.every((path) => widePaths.has(path.join('.')));
    }
  }
}

function fieldsInclude(wide: CompiledRule['fields'], narrow: CompiledRule['fields']): boolean {
  if (wide === 'all') return true;
  return narrow !== 'all' && [...narrow].every((field) => wide.has(field));
}

/**
 * The rules that together already grant everything `rule` grants (each operation on each of
 * its fields, to at least its viewers), so removing `rule` would change nothing; `[]` when
 * `rule` grants no operation; undefined when it grants something of its own. Of two rules
 * that grant the same, the later is the one reported.
 */
export function shadowingOf(rule: CompiledRule, rules: readonly CompiledRule[]): CompiledRule[] | undefined {
  if (rule.operations.size === 0) return [];
  const others = rules.filter(
    (other) =>
      other !== rule &&
      scopeIncludes(other, rule) &&
      // An equal rule shadows only if it comes first; a wider one always does.
      (other.index < rule.index || !(scopeIncludes(rule, other) && fieldsInclude(rule.fields, other.fields))),
  );
  const used = new Set<CompiledRule>();
  for (const operation of rule.operations) {
    const fields = rule.fields === 'all' ? [undefined] : [...rule.fields];
    for (const field of fields) {
      const by = others.find(
        (other) =>
          other.operations.has(operation) &&
          (other.fields === 'all' || (field !== undefined && other.fields.has(field))),
      );
      if (!by) return undefined;
      used.add(by);
    }
  }
  return [...used].sort((a, b) => a.index - b.index);
}
