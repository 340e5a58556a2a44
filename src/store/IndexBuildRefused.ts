/**
 * The database refused to build an index the schema asks for: a unique index over values
 * that are already duplicated, or an index whose name is taken with other options. The
 * start-up schema check normally finds duplicates first and explains them; this is the
 * adapters' answer when the database is the one to find them (a write raced the check).
 */
export class IndexBuildRefused extends Error {
  constructor(
    readonly collection: string,
    readonly fields: string[],
    readonly reason: 'duplicates' | 'conflict',
    /** A duplicated value, when the database names one. */
    readonly example?: unknown,
  ) {
    const what = `the ${reason === 'duplicates' ? 'unique ' : ''}index on ${collection}(${fields.join(', ')})`;
    const why =
      reason === 'duplicates'
        ? `more than one object holds the same value${example === undefined ? '' : ` (e.g. ${JSON.stringify(example)})`}`
        : 'an index of that name exists with other options; drop it and start again';
    super(`cannot build ${what}: ${why}. npm run schema -- check counts the objects and says the fix`);
    this.name = 'IndexBuildRefused';
  }
}
