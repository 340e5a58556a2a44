/**
 * The `map` field of a GraphQL multipart request: file part name → where in `operations` the
 * file goes (`{ "0": ["variables.input.avatar"] }`). Returns `operations` with a value from
 * `make(partName)` at each of those places, or the reason the map does not fit. Only paths into
 * `variables` are allowed, and each must name a place that holds `null`, as the convention's
 * clients leave it.
 */
export function placeUploads<T>(
  operations: unknown,
  map: unknown,
  make: (partName: string) => T,
  maxFiles: number,
): { operations: Record<string, unknown>; parts: Map<string, T> } | { problem: string } {
  if (typeof operations !== 'object' || operations === null || Array.isArray(operations)) {
    return { problem: 'operations must be one JSON object (batches are not accepted)' };
  }
  if (typeof map !== 'object' || map === null || Array.isArray(map)) return { problem: 'map must be a JSON object' };
  const entries = Object.entries(map as Record<string, unknown>);
  if (entries.length > maxFiles) return { problem: `at most ${maxFiles} files per request` };
  const parts = new Map<string, T>();
  for (const [partName, paths] of entries) {
    if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string')) {
      return { problem: `map.${partName} must be a list of paths like "variables.file"` };
    }
    const value = make(partName);
    parts.set(partName, value);
    for (const path of paths as string[]) {
      const segments = path.split('.');
      if (segments[0] !== 'variables' || segments.length < 2)
        return { problem: `map path ${JSON.stringify(path)} must start with "variables."` };
      let parent: unknown = operations;
      for (const segment of segments.slice(0, -1)) {
        parent =
          isContainer(parent) && Object.hasOwn(parent, segment)
            ? (parent as Record<string, unknown>)[segment]
            : undefined;
      }
      const last = segments[segments.length - 1];
      if (!isContainer(parent) || !Object.hasOwn(parent, last) || (parent as Record<string, unknown>)[last] !== null) {
        return { problem: `map path ${JSON.stringify(path)} does not name a null in operations` };
      }
      (parent as Record<string, unknown>)[last] = value;
    }
  }
  return { operations: operations as Record<string, unknown>, parts };
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
