/**
 * The quick views' extra event filters, read from the query of GET /events and /events/stats:
 * `view` (logins, processes, files, network, other), `text` (free text), `exclude=field:value`
 * (filter out, repeatable) and `exceptions=hide` (leave out events matching a global exception).
 */
import { parseTerm } from "../search/event-filter.ts";
import { parseQuickView } from "../search/quick-views.ts";
import { QUICK_VIEW_CLAIMS } from "../sources/descriptors.ts";
import { FIELD_COLUMNS } from "../sources/field-map.ts";
import { excludeTermCondition, hideExceptionsCondition } from "../store/event-search/exception-filter.ts";
import { freeTextCondition, quickViewCondition } from "../store/event-search/quick-views.ts";
import { type EventCondition, narrowed } from "../store/event-search/search-condition.ts";
import { loadExceptions } from "../store/ingest-exceptions.ts";
import { ApiError } from "./api-error.ts";
import type { AppContext } from "./context.ts";

async function hiddenExceptions(c: AppContext): Promise<EventCondition | undefined> {
  const mode = c.req.query("exceptions");
  if (mode === undefined || mode === "" || mode === "show") return undefined;
  if (mode !== "hide") throw new ApiError(400, "'exceptions' must be 'hide' or 'show'");
  // Rule-scoped exceptions only silence that rule's alerts; the event itself is not a false positive.
  const global = (await loadExceptions(c.var.store)).filter((exception) => exception.ruleId === null);
  return hideExceptionsCondition(global, FIELD_COLUMNS);
}

/** `where` narrowed by the extra conditions the query asks for. */
export async function withViewFilters(c: AppContext, where: EventCondition): Promise<EventCondition> {
  const view = c.req.query("view");
  const text = c.req.query("text");
  return narrowed(
    where,
    view ? quickViewCondition(parseQuickView(view), QUICK_VIEW_CLAIMS) : undefined,
    text ? freeTextCondition(text) : undefined,
    ...(c.req.queries("exclude") ?? []).map((term) => excludeTermCondition(parseTerm(term), FIELD_COLUMNS)),
    await hiddenExceptions(c),
  );
}
