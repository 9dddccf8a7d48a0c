/**
 * What an event search is made of, as the events API reads it and store/event-search turns it into
 * SQL: the filter parameters, and the query language's syntax tree (README "Search language"). The
 * parser (search/query-parser.ts) builds the tree from text. Positions are offsets into the query
 * text, so an error can point at the term it is about.
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

/** The events API's filter: time range, host, dataset, event code, import, alert and `field:value` terms. */
export interface EventFilter {
  from: number;
  to: number;
  host?: string;
  dataset?: string;
  /** With `dataset`, one event type (the events page's facets): `process_creation`, `logon`... */
  action?: string;
  eventCode?: string;
  /** One import's events (worker/imports/). */
  importId?: string;
  /** The events one alert links (a correlation's, across the batches that brought them). */
  alertId?: number;
  terms: Term[];
}

export interface Term {
  field: string;
  value: string;
}

/** A filter parameter the events API cannot accept. */
export class FilterError extends Error {}

/** Where a newest-first page of events ended: the last row's time and id. */
export interface Cursor {
  ts: number;
  id: number;
}
