import type { EventAnswer, EventPage, EventQuery, EventStats } from "../../../worker/model/wire/events.ts";

export type { EventPage, EventQuery, EventRecord, EventStats } from "../../../worker/model/wire/events.ts";

import { ApiError, queryString, request } from "./client";

type Opts = { signal?: AbortSignal };

/** Where a rejected `q` went wrong: the API answers a query error with `{ error, position }`. */
export function queryErrorPosition(error: unknown): number | undefined {
  if (!(error instanceof ApiError) || error.status !== 400) return undefined;
  const body = error.body;
  if (typeof body !== "object" || body === null || !("position" in body)) return undefined;
  return typeof body.position === "number" ? body.position : undefined;
}

export const eventsApi = {
  list: (query: EventQuery & { limit?: number; cursor?: string | null }, opts?: Opts) =>
    request<EventPage>("GET", `/events${queryString({ ...query })}`, undefined, opts),
  stats: (query: EventQuery, opts?: Opts) =>
    request<EventStats>("GET", `/events/stats${queryString({ ...query })}`, undefined, opts),
  get: (id: number, opts?: Opts) => request<EventAnswer>("GET", `/events/${id}`, undefined, opts),
};
