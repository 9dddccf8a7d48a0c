/** Time formatting and the time ranges every page filters by (kept in the URL as `range` or `from`/`to`). */
import { useMemo, useState } from "preact/hooks";
import { setQueryParams, useSearchParams, type WriteOptions } from "./url-state";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const QUICK_RANGES = ["15m", "1h", "24h", "today", "7d", "30d"] as const;
export type QuickRange = (typeof QUICK_RANGES)[number];

export const QUICK_RANGE_LABELS: Record<QuickRange, string> = {
  "15m": "Last 15 minutes",
  "1h": "Last hour",
  "24h": "Last 24 hours",
  today: "Today",
  "7d": "Last week",
  "30d": "Last month",
};

/** What the user chose: a quick range (re-resolved against the clock) or fixed ISO bounds. */
export type TimeRangeChoice = { quick: QuickRange } | { from: string; to: string };

/** A choice resolved to ISO bounds, ready for the API's `from`/`to`. */
export interface TimeRange {
  from: string;
  to: string;
  choice: TimeRangeChoice;
}

export function resolveRange(choice: TimeRangeChoice, now = Date.now()): TimeRange {
  if (!("quick" in choice)) return { from: choice.from, to: choice.to, choice };
  const to = new Date(now);
  let from: Date;
  if (choice.quick === "today") {
    from = new Date(now);
    from.setHours(0, 0, 0, 0);
  } else {
    const span = { "15m": 15 * MINUTE, "1h": HOUR, "24h": DAY, "7d": 7 * DAY, "30d": 30 * DAY }[choice.quick];
    from = new Date(now - span);
  }
  return { from: from.toISOString(), to: to.toISOString(), choice };
}

function readChoice(params: URLSearchParams, fallback: QuickRange): TimeRangeChoice {
  const from = params.get("from");
  const to = params.get("to");
  if (from && to && Number.isFinite(Date.parse(from)) && Number.isFinite(Date.parse(to)) && from < to) {
    return { from, to };
  }
  const quick = params.get("range");
  return { quick: QUICK_RANGES.includes(quick as QuickRange) ? (quick as QuickRange) : fallback };
}

/**
 * The page's time range from the URL (`?range=1h` or `?from=ISO&to=ISO`), resolved to ISO bounds.
 * A quick range is resolved when the URL changes; `refresh()` moves it up to now (a new `range` object).
 */
export function useTimeRange(
  fallback: QuickRange = "24h",
): [TimeRange, (choice: TimeRangeChoice, options?: WriteOptions) => void, () => void] {
  const params = useSearchParams();
  const [generation, setGeneration] = useState(0);
  const key = `${params.get("range")}|${params.get("from")}|${params.get("to")}`;
  const range = useMemo(() => resolveRange(readChoice(params, fallback)), [key, fallback, generation]);
  const setRange = (choice: TimeRangeChoice, options: WriteOptions = { push: true }) =>
    setQueryParams(
      "quick" in choice
        ? { range: choice.quick === fallback ? null : choice.quick, from: null, to: null }
        : { range: null, from: choice.from, to: choice.to },
      options,
    );
  return [range, setRange, () => setGeneration((n) => n + 1)];
}

const pad = (n: number) => String(n).padStart(2, "0");

/** `2024-05-01 13:04:05` in local time: sortable, unambiguous, compact. */
export function formatAbsolute(value: string | number | Date): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(
    date.getMinutes(),
  )}:${pad(date.getSeconds())}`;
}

/** `just now`, `5 min ago`, `3 h ago`, `2 d ago`, or `in 5 min` for the future. */
export function formatRelative(value: string | number | Date, now = Date.now()): string {
  const ms = new Date(value).getTime();
  if (Number.isNaN(ms)) return String(value);
  const diff = now - ms;
  const ahead = diff < 0;
  const abs = Math.abs(diff);
  if (abs < 45_000) return "just now";
  let text: string;
  if (abs < HOUR) text = `${Math.round(abs / MINUTE)} min`;
  else if (abs < DAY) text = `${Math.round(abs / HOUR)} h`;
  else if (abs < 60 * DAY) text = `${Math.round(abs / DAY)} d`;
  else return formatAbsolute(ms).slice(0, 10);
  return ahead ? `in ${text}` : `${text} ago`;
}

/** An ISO string for <input type="datetime-local"> (local time, minutes), and back. */
export function toLocalInput(iso: string): string {
  return formatAbsolute(iso).slice(0, 16).replace(" ", "T");
}

export function fromLocalInput(value: string): string | undefined {
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** A time axis tick: the time of day, with the date too when the axis spans more than two days. */
export function formatTick(value: number, spanMs: number): string {
  return formatAbsolute(value).slice(spanMs > 2 * 86_400_000 ? 5 : 11, 16);
}
