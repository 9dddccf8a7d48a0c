/** The events API as the quick views call it: the usual filter plus a view, free text, filter-out terms and the FP toggle. */
import { queryString, request } from "../../api/client";
import type { EventPage, EventStats } from "../../api/events";

export type QuickViewName = "logins" | "processes" | "files" | "network" | "other";

export interface QuickViewQuery {
  view: QuickViewName;
  from: string;
  to: string;
  host?: string;
  /** `field:value` terms an event must match ("filter for"). */
  term: readonly string[];
  /** `field:value` terms an event must not match ("filter out"). */
  exclude: readonly string[];
  text?: string;
  /** Leave out events matching a global false-positive exception. */
  hideExceptions: boolean;
}

type Opts = { signal?: AbortSignal };

function params(query: QuickViewQuery) {
  const { hideExceptions, ...rest } = query;
  return { ...rest, exceptions: hideExceptions ? "hide" : undefined };
}

export const quickViewApi = {
  list: (query: QuickViewQuery & { limit: number; cursor: string | null }, opts?: Opts) =>
    request<EventPage>(
      "GET",
      `/events${queryString({ ...params(query), limit: query.limit, cursor: query.cursor })}`,
      undefined,
      opts,
    ),
  stats: (query: QuickViewQuery, opts?: Opts) =>
    request<EventStats>("GET", `/events/stats${queryString(params(query))}`, undefined, opts),
};

/** A term the events API reads back as exactly this value (quoted, so spaces and colons survive). */
export function term(field: string, value: string): string {
  return `${field}:"${value}"`;
}

/** The value of a term made by `term()`, for showing it in a filter chip. */
export function describeTerm(text: string): { field: string; value: string } {
  const colon = text.indexOf(":");
  const field = text.slice(0, colon);
  const value = text.slice(colon + 1).replace(/^"(.*)"$/, "$1");
  return { field, value };
}
