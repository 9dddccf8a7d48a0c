/**
 * PocketSIEM's tabs as declarations: which stored events each quick view claims, and the columns
 * its free-text search reads. "other" is every event no other view claims, so the views partition
 * the store. store/event-search/quick-views.ts turns these into SQL.
 */
import type { EventRow } from "../store/schema.ts";
import { FilterError } from "./event-filter.ts";

/** Events of these datasets, narrowed by event code and action: one value is an equality, a list an IN. */
export interface QuickViewClaim {
  dataset: string | readonly string[];
  eventCode?: string | readonly string[];
  action?: readonly string[];
}

const SYSMON = "windows.sysmon_operational";
const SECURITY = "windows.security";

const sysmon = (code: string): QuickViewClaim => ({ dataset: SYSMON, eventCode: code });
const security = (...codes: string[]): QuickViewClaim => ({ dataset: SECURITY, eventCode: codes });

/** A view shows the events any of its claims matches. */
export const QUICK_VIEW_CLAIMS = {
  logins: [security("4624", "4625", "4648"), { dataset: "linux.auth", action: ["ssh_login", "ssh_invalid_user"] }],
  processes: [sysmon("1"), security("4688")],
  files: [sysmon("11")],
  network: [sysmon("3"), { dataset: ["zeek.conn", "zeek.http", "zeek.dns"] }],
} as const satisfies Record<string, readonly QuickViewClaim[]>;

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
