/** Loading API data in a component: one request at a time, the stale one aborted. */
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { CursorPage } from "../../worker/model/wire/page.ts";

export interface ApiState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Runs the request again (keeping the current data on screen until the answer arrives). */
  reload: () => void;
  /** Replaces the data locally, e.g. with the answer of a PATCH. */
  setData: (data: T) => void;
}

/**
 * `const { data, error, loading, reload } = useApi((signal) => alertsApi.get(id, { signal }), [id])`.
 * The request runs again when a dependency changes; the previous one is aborted, as on unmount.
 */
export function useApi<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): ApiState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    loadRef.current(controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setLoading(false);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(failure);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}

export interface CursorListState<T> {
  items: T[];
  error: unknown;
  /** True while the first page or a further page is being fetched. */
  loading: boolean;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
}

/**
 * A list over a cursor-paged API (`{ next_cursor }`): the first page loads when deps change, later
 * pages append on `loadMore()`. `fetchPage` returns the page's items and its `next_cursor`.
 */
export function useCursorList<T>(
  fetchPage: (cursor: string | null, signal: AbortSignal) => Promise<{ items: T[] } & CursorPage>,
  deps: readonly unknown[],
): CursorListState<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const controllerRef = useRef<AbortController | undefined>(undefined);

  const run = useCallback((from: string | null, append: boolean) => {
    controllerRef.current?.abort();
    const controller = new AbortController();
    controllerRef.current = controller;
    setLoading(true);
    setError(undefined);
    fetchRef.current(from, controller.signal).then(
      (page) => {
        if (controller.signal.aborted) return;
        setItems((previous) => (append ? [...previous, ...page.items] : page.items));
        setCursor(page.next_cursor);
        setLoading(false);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(failure);
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => {
    setItems([]);
    setCursor(null);
    run(null, false);
    return () => controllerRef.current?.abort();
  }, [...deps, generation]);

  return {
    items,
    error,
    loading,
    hasMore: cursor !== null,
    loadMore: () => {
      if (cursor !== null && !loading) run(cursor, true);
    },
    reload: () => setGeneration((n) => n + 1),
  };
}
