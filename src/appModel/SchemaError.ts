/** A mistake in `schema.graphql`; the server refuses to start and prints this. */
export class SchemaError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'SchemaError';
  }
}
