/**
 * PocketSIEM's tabs as declarations: which stored events each quick view shows (the claims the log
 * sources declare in their descriptors), and the columns its free-text search reads. "other" is
 * every event no other view claims, so the views partition the store. store/event-search/quick-views.ts
 * turns these into SQL.
 */
import { QUICK_VIEW_CLAIMS } from "../ingest/sources/descriptors.ts";
import type { QuickViewClaim } from "../model/source-descriptor.ts";
import type { EventRow } from "../store/schema.ts";
import { FilterError } from "./event-filter.ts";

export type { QuickViewClaim };
export { QUICK_VIEW_CLAIMS };

export const QUICK_VIEWS = ["logins", "processes", "files", "network", "other"] as const;
export type QuickView = (typeof QUICK_VIEWS)[number];

export function parseQuickView(text: string): QuickView {
  const view = QUICK_VIEWS.find((name) => name === text);
  if (!view) throw new FilterError(`view '${text}' is not one of ${QUICK_VIEWS.join(", ")}`);
  return view;
}

/** Columns an analyst reads in a view, plus the raw record for fields only it holds (file names, URIs, queries). */
export const QUICK_VIEW_SEARCHED: readonly (keyof EventRow)[] = [
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
export const MAX_FREE_TEXT_WORDS = 10;
