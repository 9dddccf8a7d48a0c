/**
 * PocketSIEM's tabs as event filters: which stored events each quick view shows (the claims the
 * log sources declare), and the view's free-text search. "other" is every event no other view
 * claims, so the views partition the store.
 */
import { and, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import { QUICK_VIEW_CLAIMS } from "../ingest/sources/descriptors.ts";
import type { ClaimingView, QuickViewClaim } from "../model/source-descriptor.ts";
import { events } from "../store/schema.ts";
import { FilterError } from "./event-filter.ts";
import { containsPattern, likeCondition } from "./like.ts";

/** One claim as a condition: the dataset, narrowed to its codes or actions when it names them. */
function claimCondition(claim: QuickViewClaim): SQL {
  const conditions = [eq(events.dataset, claim.dataset)];
  if (claim.eventCodes) conditions.push(inArray(events.eventCode, [...claim.eventCodes]));
  if (claim.actions) conditions.push(inArray(events.action, [...claim.actions]));
  return and(...conditions) as SQL;
}

/** What each view shows: the claims the log sources declare for it (their descriptors). */
function claimed(view: ClaimingView): SQL {
  return or(...QUICK_VIEW_CLAIMS.filter((claim) => claim.view === view).map(claimCondition)) as SQL;
}

const CLAIMED: Record<ClaimingView, SQL> = {
  logins: claimed("logins"),
  processes: claimed("processes"),
  files: claimed("files"),
  network: claimed("network"),
};

export const QUICK_VIEWS = ["logins", "processes", "files", "network", "other"] as const;
export type QuickView = (typeof QUICK_VIEWS)[number];

export function parseQuickView(text: string): QuickView {
  const view = QUICK_VIEWS.find((name) => name === text);
  if (!view) throw new FilterError(`view '${text}' is not one of ${QUICK_VIEWS.join(", ")}`);
  return view;
}

export function quickViewCondition(view: QuickView): SQL {
  if (view !== "other") return CLAIMED[view];
  // Each claim is a comparison on NOT NULL dataset plus nullable columns; coalesce keeps NULL codes "other".
  return sql`coalesce(${or(...Object.values(CLAIMED))}, 0) = 0`;
}

/** Columns an analyst reads in a view, plus the raw record for fields only it holds (file names, URIs, queries). */
const SEARCHED = [
  events.host,
  events.user,
  events.process,
  events.commandLine,
  events.parentProcess,
  events.srcIp,
  events.dstIp,
  events.action,
  events.raw,
];

/** Every word appears (as a substring, ignoring ASCII case) in one of the searched columns. */
export function freeTextCondition(text: string): SQL | undefined {
  const words = text.split(/\s+/).filter((word) => word !== "");
  if (words.length === 0) return undefined;
  if (words.length > 10) throw new FilterError("free text takes at most 10 words");
  return and(
    ...words.map((word) => {
      const pattern = containsPattern(word);
      return sql`(${sql.join(
        SEARCHED.map((column) => likeCondition(sql`${column}`, pattern)),
        sql` OR `,
      )})`;
    }),
  );
}
