/** A reason a Sigma document cannot be compiled, with the source offset it is about (for its line). */
export class RuleError extends Error {
  readonly offset: number | null;

  constructor(reason: string, offset: number | null) {
    super(reason);
    this.offset = offset;
  }
}
