/**
 * Page state kept in the URL's query, so every filter is a shareable link and back/forward work.
 * A value equal to its parser's default is left out of the URL, keeping links short.
 */
import { useCallback, useMemo } from "preact/hooks";
import { announceUrlChange, useLocation } from "./router";

export interface QueryParser<T> {
  /** All values of the parameter in the URL (empty when absent) → the typed value. */
  parse(values: string[]): T;
  /** The typed value → the URL values; [] removes the parameter. */
  format(value: T): string[];
}

export interface WriteOptions {
  /** Adds a history entry (for deliberate steps such as a search); default replaces the current one. */
  push?: boolean;
}

export function stringParam(fallback = ""): QueryParser<string> {
  return {
    parse: (values) => values[0] ?? fallback,
    format: (value) => (value === fallback ? [] : [value]),
  };
}

/** Only the listed values; anything else in the URL reads as the fallback. */
export function enumParam<T extends string>(allowed: readonly T[], fallback: T): QueryParser<T> {
  return {
    parse: (values) => (allowed.includes(values[0] as T) ? (values[0] as T) : fallback),
    format: (value) => (value === fallback ? [] : [value]),
  };
}

export function numberParam(fallback: number): QueryParser<number> {
  return {
    parse: (values) => {
      const number = Number(values[0]);
      return values[0] === undefined || values[0] === "" || !Number.isFinite(number) ? fallback : number;
    },
    format: (value) => (value === fallback ? [] : [String(value)]),
  };
}

export function booleanParam(fallback = false): QueryParser<boolean> {
  return {
    parse: (values) => (values[0] === undefined ? fallback : values[0] === "1" || values[0] === "true"),
    format: (value) => (value === fallback ? [] : [value ? "1" : "0"]),
  };
}

/** A repeated parameter: `?col=host&col=user` ↔ ["host", "user"]. */
export function listParam(fallback: readonly string[] = []): QueryParser<string[]> {
  return {
    parse: (values) => (values.length > 0 ? values : [...fallback]),
    format: (value) => (sameList(value, fallback) ? [] : value),
  };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/** Writes several parameters in one history step; `null` removes one. */
export function setQueryParams(updates: Record<string, string | readonly string[] | null>, options: WriteOptions = {}) {
  const params = new URLSearchParams(location.search);
  for (const [name, value] of Object.entries(updates)) {
    params.delete(name);
    if (value === null) continue;
    for (const item of typeof value === "string" ? [value] : value) params.append(name, item);
  }
  const search = params.toString();
  const url = `${location.pathname}${search ? `?${search}` : ""}${location.hash}`;
  if (url === location.pathname + location.search + location.hash) return;
  if (options.push) history.pushState(null, "", url);
  else history.replaceState(null, "", url);
  announceUrlChange();
}

/** The URL's current query parameters, re-rendering when they change. */
export function useSearchParams(): URLSearchParams {
  const { search } = useLocation();
  return useMemo(() => new URLSearchParams(search), [search]);
}

/**
 * One query parameter as typed state: `const [host, setHost] = useQueryState("host", stringParam())`.
 * Create parsers outside the component (or memoise them): the setter depends on the parser's identity.
 */
export function useQueryState<T>(
  name: string,
  parser: QueryParser<T>,
): [T, (value: T, options?: WriteOptions) => void] {
  const params = useSearchParams();
  const raw = params.getAll(name).join("\u0000");
  const value = useMemo(() => parser.parse(params.getAll(name)), [raw, name, parser]);
  const setValue = useCallback(
    (next: T, options?: WriteOptions) => setQueryParams({ [name]: parser.format(next) }, options),
    [name, parser],
  );
  return [value, setValue];
}
