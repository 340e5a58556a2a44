/** Distinct operation names that get a label of their own; later ones are counted as `other`. */
export const MAX_OPERATION_LABELS = 100;

/** A GraphQL name (GraphQL spec §2.1.9), at most 64 characters: anything else is never a label. */
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

/**
 * Operation names → metric labels, bounded: Prometheus keeps one series per label value, and
 * clients choose operation names. The first `MAX_OPERATION_LABELS` well-formed names keep their
 * own label for the life of the process; after that a new name is `other`. A request without a
 * name is `anonymous`.
 */
export class OperationLabels {
  private readonly known = new Set<string>();

  constructor(private readonly max = MAX_OPERATION_LABELS) {}

  labelOf(name: string | undefined): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.known.has(name)) return name;
    if (this.known.size >= this.max) return 'other';
    this.known.add(name);
    return name;
  }
}

/**
 * The outcome of a request as one bounded label: `OK`, the first error's `extensions.code` when
 * it looks like one (upper-case words, as every code Graphkeep and Apollo send), else `HTTP_<status>`.
 */
export function outcomeLabel(status: number, errorCodes: readonly string[] | undefined): string {
  const code = errorCodes?.[0];
  if (code !== undefined) return /^[A-Z][A-Z_]{0,39}$/.test(code) ? code : 'other';
  return status < 400 ? 'OK' : `HTTP_${status}`;
}
