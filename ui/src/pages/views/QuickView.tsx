/**
 * One quick view (Logins, Processes, Files, Network, Other events): its events in a Today / Last week /
 * Last month range, narrowed by host, "filter for" / "filter out" values and free text, with the
 * false-positive filter's values hidden unless the analyst asks to see them. All state is in the URL.
 */
import { useMemo, useState } from "preact/hooks";
import { ApiError, errorText } from "../../api/client";
import type { EventRecord } from "../../api/events";
import { exceptionsApi } from "../../api/exceptions";
import { DataTable, LoadMore } from "../../components/DataTable";
import { Link } from "../../components/Link";
import { TimeRangePicker } from "../../components/TimeRangePicker";
import { ValueMenu } from "../../components/ValueMenu";
import { hasRole } from "../../roles";
import { useDocumentTitle } from "../../router";
import { useSession } from "../../session";
import { useTimeRange } from "../../time";
import { booleanParam, listParam, setQueryParams, stringParam, useQueryState, useSearchParams } from "../../url-state";
import { useApi, useCursorList } from "../../use-api";
import { FilterChips } from "./FilterChips";
import { SearchBox } from "./SearchBox";
import { type QuickViewName, type QuickViewQuery, quickViewApi, term } from "./view-api";
import { type CellKit, QUICK_VIEW_CONFIGS, VIEW_RANGES } from "./views";
import "./views.css";

const PAGE_SIZE = 50;

const hostParam = stringParam();
const textParam = stringParam();
const termsParam = listParam();
const excludesParam = listParam();
const showFalsePositivesParam = booleanParam(false);

interface Notice {
  kind: "success" | "error";
  text: string;
}

export function QuickView({ name }: { name: QuickViewName }) {
  const config = QUICK_VIEW_CONFIGS[name];
  useDocumentTitle(config.title);
  const { user } = useSession();
  const canAddException = hasRole(user.role, "analyst");
  const params = useSearchParams();
  const [range, setRange] = useTimeRange("today");
  const [host, setHost] = useQueryState("host", hostParam);
  const [text, setText] = useQueryState("text", textParam);
  const [terms, setTerms] = useQueryState("term", termsParam);
  const [excludes, setExcludes] = useQueryState("exclude", excludesParam);
  const [showFalsePositives, setShowFalsePositives] = useQueryState("fp", showFalsePositivesParam);
  const [notice, setNotice] = useState<Notice>();

  const query: QuickViewQuery = useMemo(
    () => ({
      view: name,
      from: range.from,
      to: range.to,
      host: host || undefined,
      term: terms,
      exclude: excludes,
      text: text || undefined,
      hideExceptions: !showFalsePositives,
    }),
    [name, range, host, terms, excludes, text, showFalsePositives],
  );
  const list = useCursorList(
    (cursor, signal) =>
      quickViewApi
        .list({ ...query, limit: PAGE_SIZE, cursor }, { signal })
        .then((page) => ({ items: page.events, next_cursor: page.next_cursor })),
    [query],
  );
  const stats = useApi((signal) => quickViewApi.stats(query, { signal }), [query]);

  const hrefForHost = (value: string) => {
    const next = new URLSearchParams(params);
    next.set("host", value);
    return `/views/${name}?${next}`;
  };

  /** Moves the value to "filter for" or "filter out" (never both), in one history step. */
  const filterValue = (field: string, value: string, keep: boolean) => {
    const chosen = term(field, value);
    const without = (list: readonly string[]) => list.filter((t) => t !== chosen);
    setQueryParams(
      {
        term: keep ? [...without(terms), chosen] : without(terms),
        exclude: keep ? without(excludes) : [...without(excludes), chosen],
      },
      { push: true },
    );
  };

  const addException = (field: string, value: string) => {
    const hidden = showFalsePositives ? "" : " Matching events are hidden.";
    exceptionsApi.create({ field, value, comment: `Added from the ${config.title} view` }).then(
      () => {
        setNotice({ kind: "success", text: `${field} = ${value} is in the false-positive filter.${hidden}` });
        list.reload();
        stats.reload();
      },
      (error: unknown) =>
        setNotice(
          error instanceof ApiError && error.status === 409
            ? { kind: "success", text: `${field} = ${value} is already in the false-positive filter.${hidden}` }
            : { kind: "error", text: errorText(error) },
        ),
    );
  };

  const kit: CellKit = {
    host: (event: EventRecord) =>
      event.host === null ? (
        <span class="muted">—</span>
      ) : (
        <Link href={hrefForHost(event.host)} title={`Only ${event.host} in ${config.title}`}>
          {event.host}
        </Link>
      ),
    value: (field, value, display) =>
      value === null ? (
        <span class="muted">—</span>
      ) : (
        <ValueMenu
          value={value}
          field={field}
          onFilterFor={(v) => filterValue(field, v, true)}
          onFilterOut={(v) => filterValue(field, v, false)}
          onAddException={canAddException ? (v) => addException(field, v) : undefined}
        >
          {display ?? value}
        </ValueMenu>
      ),
  };

  const total = stats.data?.total;
  return (
    <>
      <div class="page-header">
        <div>
          <h1 class="page-title">{config.title}</h1>
          <p class="muted view-description">{config.description}</p>
        </div>
        <TimeRangePicker value={range} onChange={setRange} quickRanges={VIEW_RANGES} />
      </div>
      <div class="toolbar view-toolbar">
        <SearchBox value={text} label={`Search ${config.title}`} onSearch={(value) => setText(value, { push: true })} />
        <label class="view-toggle">
          <input
            type="checkbox"
            checked={showFalsePositives}
            onChange={(event) => setShowFalsePositives(event.currentTarget.checked, { push: true })}
          />
          Show false positives
        </label>
        <span class="view-count" role="status" aria-live="polite">
          {total === undefined ? "Counting…" : `${total.toLocaleString()} ${total === 1 ? "record" : "records"}`}
        </span>
      </div>
      <FilterChips
        host={host}
        terms={terms}
        excludes={excludes}
        onClearHost={() => setHost("", { push: true })}
        onRemoveTerm={(t) =>
          setTerms(
            terms.filter((x) => x !== t),
            { push: true },
          )
        }
        onRemoveExclude={(t) =>
          setExcludes(
            excludes.filter((x) => x !== t),
            { push: true },
          )
        }
      />
      {notice && (
        <p class={`${notice.kind} view-notice`} role={notice.kind === "error" ? "alert" : "status"}>
          {notice.text}
        </p>
      )}
      <DataTable
        columns={config.columns(kit)}
        rows={list.items}
        rowKey={(event) => event.id}
        label={config.title}
        loading={list.loading}
        error={list.error ?? stats.error}
        onRetry={() => {
          list.reload();
          stats.reload();
        }}
        empty={`No ${config.title.toLowerCase()} in this range.`}
      />
      <LoadMore
        count={list.items.length}
        total={total}
        hasMore={list.hasMore}
        loading={list.loading}
        onLoadMore={list.loadMore}
      />
    </>
  );
}
