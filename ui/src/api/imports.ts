import type { ImportAnswer, ImportList } from "../../../worker/model/wire/imports.ts";

export type {
  ImportAnswer,
  ImportEntity,
  ImportFileSummary,
  ImportList,
} from "../../../worker/model/wire/imports.ts";

import { request } from "./client";

type Opts = { signal?: AbortSignal };

/** Reading imports; running one goes through the Import page's Web Worker (pages/imports/). */
export const importsApi = {
  list: (opts?: Opts) => request<ImportList>("GET", "/imports", undefined, opts),
  get: (id: string, opts?: Opts) => request<ImportAnswer>("GET", `/imports/${encodeURIComponent(id)}`, undefined, opts),
};

/** The Events page scoped to the import, over the span of its events' own times. */
export function importEventsHref(id: string, firstEventAt: string | null, lastEventAt: string | null): string {
  const params = new URLSearchParams({ import: id });
  if (firstEventAt && lastEventAt) {
    params.set("from", firstEventAt);
    params.set("to", new Date(Date.parse(lastEventAt) + 1000).toISOString());
  }
  return `/events?${params}`;
}

/** Every alert its events raised or added to, whatever their status, over the same span. */
export function importAlertsHref(id: string, firstEventAt: string | null, lastEventAt: string | null): string {
  const params = new URLSearchParams({ import: id, status: "all" });
  if (firstEventAt && lastEventAt) {
    params.set("from", firstEventAt);
    params.set("to", new Date(Date.parse(lastEventAt) + 1000).toISOString());
  }
  return `/alerts?${params}`;
}
