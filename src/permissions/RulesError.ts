/** A mistake in a rules file; the server refuses to start and prints this (docs/permissions.md#mistakes). */
export class RulesError extends Error {
  constructor(
    readonly file: string,
    readonly ruleIndex: number | undefined,
    readonly reason: string,
  ) {
    super(`${file}${ruleIndex === undefined ? '' : ` rule ${ruleIndex}`}: ${reason}`);
    this.name = 'RulesError';
  }
}
