/**
 * One D1 batch whose result sets are read by the role their statements play, never by position:
 * adding a statement to the batch cannot shift what a read finds.
 */
export interface NamedResults<Role extends string> {
  /** The rows every statement of `role` returned, in statement order. */
  rows<Row>(role: Role): Row[];
}

export class NamedBatch<Role extends string> {
  private readonly statements: D1PreparedStatement[] = [];
  private readonly positions = new Map<Role, number[]>();

  add(statements: readonly D1PreparedStatement[], role?: Role): void {
    if (role !== undefined) {
      const positions = this.positions.get(role) ?? [];
      for (let i = 0; i < statements.length; i++) positions.push(this.statements.length + i);
      this.positions.set(role, positions);
    }
    this.statements.push(...statements);
  }

  async run(d1: D1Database): Promise<NamedResults<Role>> {
    const results = await d1.batch(this.statements);
    return {
      rows: <Row>(role: Role) =>
        (this.positions.get(role) ?? []).flatMap((at) => (results[at]?.results ?? []) as Row[]),
    };
  }
}
