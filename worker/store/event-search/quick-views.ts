/** The quick views as SQL conditions on `events`: the claims the log sources declare, and free text. */
import { and, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import { FilterError } from "../../model/event-query.ts";
import type { QuickView, QuickViewClaim } from "../../model/source-descriptor.ts";
import { type EventRow, events } from "../schema.ts";
import { textMatches } from "../text-match.ts";

/** One claim as a condition: the dataset, narrowed to its codes or actions when it names them. */
function claimCondition(claim: QuickViewClaim): SQL {
  const conditions = [eq(events.dataset, claim.dataset)];
  if (claim.eventCodes) conditions.push(inArray(events.eventCode, [...claim.eventCodes]));
  if (claim.actions) conditions.push(inArray(events.action, [...claim.actions]));
  return and(...conditions) as SQL;
}

function claimedBy(claims: readonly QuickViewClaim[]): SQL {
  return or(...claims.map(claimCondition)) as SQL;
}

/** The events `view` shows, given every claim the log sources make (`claims`). */
export function quickViewCondition(view: QuickView, claims: readonly QuickViewClaim[]): SQL {
  if (view !== "other") return claimedBy(claims.filter((claim) => claim.view === view));
  // Each claim is a comparison on NOT NULL dataset plus nullable columns; coalesce keeps NULL codes "other".
  return sql`coalesce(${claimedBy(claims)}, 0) = 0`;
}

/** Columns an analyst reads in a view, plus the raw record for fields only it holds (file names, URIs, queries). */
const SEARCHED: readonly (keyof EventRow)[] = [
  "host",
  "user",
  "process",
  "commandLine",
  "parentProcess",
  "srcIp",
  "dstIp",
  "action",
  "raw",
];

/** At most this many words in a view's free text. */
const MAX_FREE_TEXT_WORDS = 10;

/** Every word appears (as a substring, ignoring ASCII case) in one of the searched columns. */
export function freeTextCondition(text: string): SQL | undefined {
  const words = text.split(/\s+/).filter((word) => word !== "");
  if (words.length === 0) return undefined;
  if (words.length > MAX_FREE_TEXT_WORDS) throw new FilterError(`free text takes at most ${MAX_FREE_TEXT_WORDS} words`);
  return and(
    ...words.map((word) => {
      const pattern = { text: word, wildcard: false, anchored: false };
      return sql`(${sql.join(
        SEARCHED.map((key) => textMatches(sql`${events[key]}`, pattern)),
        sql` OR `,
      )})`;
    }),
  );
}
