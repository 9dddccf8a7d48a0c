/**
 * The Events table's chosen columns: in the URL (`col=`, shareable) and remembered in localStorage,
 * which fills a URL that names none.
 */
import { useEffect } from "preact/hooks";
import { listParam, setQueryParams, useQueryState, useSearchParams } from "../../url-state";
import { DEFAULT_COLUMNS } from "./event-fields";

const STORAGE_KEY = "edgesiem.events.columns";
const columnsParam = listParam(DEFAULT_COLUMNS);

function readRemembered(): string[] | undefined {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null");
    return Array.isArray(stored) && stored.length > 0 && stored.every((item) => typeof item === "string")
      ? stored
      : undefined;
  } catch {
    return undefined;
  }
}

function remember(columns: readonly string[]): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(columns));
  } catch {
    // Storage may be disabled; the URL still carries the choice.
  }
}

export function useColumns(): [string[], (next: string[]) => void] {
  const [columns, setColumnsParam] = useQueryState("col", columnsParam);
  const params = useSearchParams();

  useEffect(() => {
    if (params.has("col")) return;
    const remembered = readRemembered();
    if (remembered) setQueryParams({ col: columnsParam.format(remembered) });
  }, []);

  const setColumns = (next: string[]) => {
    // An empty list would read back as the defaults; the time column alone is no table.
    if (next.length === 0) return;
    setColumnsParam(next);
    remember(next);
  };
  return [columns, setColumns];
}

/** The list with `name` added at the end, or taken out. */
export function toggled(columns: readonly string[], name: string): string[] {
  return columns.includes(name) ? columns.filter((column) => column !== name) : [...columns, name];
}
