/**
 * PocketSIEM's tabs by name. Which stored events each view shows is what the log sources declare
 * (their descriptors' quick-view claims); "other" is every event no other view claims, so the views
 * partition the store. store/event-search/quick-views.ts turns the claims into SQL.
 */
import { FilterError } from "../model/event-query.ts";
import type { QuickView } from "../model/source-descriptor.ts";

export const QUICK_VIEWS = ["logins", "processes", "files", "network", "other"] as const satisfies readonly QuickView[];

export function parseQuickView(text: string): QuickView {
  const view = QUICK_VIEWS.find((name) => name === text);
  if (!view) throw new FilterError(`view '${text}' is not one of ${QUICK_VIEWS.join(", ")}`);
  return view;
}
