/** The quick views' declarations (search/quick-views.ts) as SQL conditions on `events`. */
import { and, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import { FilterError } from "../../search/event-filter.ts";
import {
  MAX_FREE_TEXT_WORDS,
  QUICK_VIEW_CLAIMS,
  QUICK_VIEW_SEARCHED,
  type QuickView,
  type QuickViewClaim,
} from "../../search/quick-views.ts";
import { containsPattern, likeCondition } from "../like.ts";
import { events } from "../schema.ts";

function valueCondition(
  column: typeof events.dataset | typeof events.eventCode | typeof events.action,
  value: string | readonly string[],
): SQL {
  return typeof value === "string" ? eq(column, value) : inArray(column, [...value]);
}

function claimCondition(claim: QuickViewClaim): SQL {
  return and(
    valueCondition(events.dataset, claim.dataset),
    claim.eventCode === undefined ? undefined : valueCondition(events.eventCode, claim.eventCode),
    claim.action === undefined ? undefined : valueCondition(events.action, claim.action),
  ) as SQL;
}

function claimedBy(claims: readonly QuickViewClaim[]): SQL {
  return or(...claims.map(claimCondition)) as SQL;
}

export function quickViewCondition(view: QuickView): SQL {
  if (view !== "other") return claimedBy(QUICK_VIEW_CLAIMS[view]);
  // Each claim is a comparison on NOT NULL dataset plus nullable columns; coalesce keeps NULL codes "other".
  return sql`coalesce(${or(...Object.values(QUICK_VIEW_CLAIMS).map(claimedBy))}, 0) = 0`;
}

/** Every word appears (as a substring, ignoring ASCII case) in one of the searched columns. */
export function freeTextCondition(text: string): SQL | undefined {
  const words = text.split(/\s+/).filter((word) => word !== "");
  if (words.length === 0) return undefined;
  if (words.length > MAX_FREE_TEXT_WORDS) throw new FilterError(`free text takes at most ${MAX_FREE_TEXT_WORDS} words`);
  return and(
    ...words.map((word) => {
      const pattern = containsPattern(word);
      return sql`(${sql.join(
        QUICK_VIEW_SEARCHED.map((key) => likeCondition(sql`${events[key]}`, pattern)),
        sql` OR `,
      )})`;
    }),
  );
}
