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

export function quickViewCondition(view: QuickView): SQL {
  if (view !== "other") return claimedBy(QUICK_VIEW_CLAIMS.filter((claim) => claim.view === view));
  // Each claim is a comparison on NOT NULL dataset plus nullable columns; coalesce keeps NULL codes "other".
  return sql`coalesce(${claimedBy(QUICK_VIEW_CLAIMS)}, 0) = 0`;
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
