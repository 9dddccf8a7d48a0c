/**
 * The events query language's syntax tree (README "Search language"). The parser builds it from
 * text; the SQL compiler turns it into a parameterised condition. Positions are offsets into the
 * query text, so an error can point at the term it is about.
 */
export type QueryNode =
  | { kind: "and"; children: QueryNode[] }
  | { kind: "or"; children: QueryNode[] }
  | { kind: "not"; child: QueryNode }
  /** `field:value`, `field:"a phrase"`, `field:C:\Windows\*`. */
  | { kind: "match"; field: string; value: QueryValue; position: number }
  /** `field:*`: the field is present. */
  | { kind: "exists"; field: string; position: number }
  /** `destination.port >= 1024`. */
  | { kind: "range"; field: string; op: RangeOp; value: QueryValue; position: number }
  /** A bare word or phrase: found in any of the event's detail columns or its raw record. */
  | { kind: "text"; value: QueryValue; position: number };

export type RangeOp = ">" | ">=" | "<" | "<=";

export interface QueryValue {
  text: string;
  /** Every `*` in `text` matches any run of characters (unquoted values); a phrase has none. */
  wildcard: boolean;
  position: number;
}

/** A query the language cannot accept, with the offset of the character it is about. */
export class QueryError extends Error {
  readonly position: number;

  constructor(message: string, position: number) {
    super(message);
    this.position = position;
  }
}
