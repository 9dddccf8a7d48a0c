/**
 * PocketSIEM's tabs as event filters: which stored events each quick view shows, and the view's
 * free-text search. "other" is every event no other view claims, so the views partition the store.
 */
import { and, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import { events } from "../store/schema.ts";
import { FilterError } from "./event-filter.ts";
import { containsPattern, likeCondition } from "./like.ts";

const SYSMON = "windows.sysmon_operational";
const SECURITY = "windows.security";

const sysmon = (code: string) => and(eq(events.dataset, SYSMON), eq(events.eventCode, code)) as SQL;
const security = (...codes: string[]) => and(eq(events.dataset, SECURITY), inArray(events.eventCode, codes)) as SQL;

const CLAIMED = {
  logins: or(
    security("4624", "4625", "4648"),
    and(eq(events.dataset, "linux.auth"), inArray(events.action, ["ssh_login", "ssh_invalid_user"])),
  ) as SQL,
  processes: or(sysmon("1"), security("4688")) as SQL,
  files: sysmon("11"),
  network: or(sysmon("3"), inArray(events.dataset, ["zeek.conn", "zeek.http", "zeek.dns"])) as SQL,
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
