/** A History API router: path patterns with params, no dependency. URL query state is in url-state.ts. */
import { useEffect, useState } from "preact/hooks";

// pushState/replaceState fire no event, so the app announces its own URL changes with this one.
const CHANGE = "edgesiem:navigate";

/** Tells every useLocation() that the URL changed; call after history.pushState/replaceState. */
export function announceUrlChange(): void {
  window.dispatchEvent(new Event(CHANGE));
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === location.pathname + location.search) return;
  if (options.replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  announceUrlChange();
}

export interface UrlLocation {
  path: string;
  /** `location.search`, with its leading `?` (or ""). */
  search: string;
}

function currentLocation(): UrlLocation {
  return { path: location.pathname, search: location.search };
}

/** The current path and query, re-rendering on navigate(), query-state writes and back/forward. */
export function useLocation(): UrlLocation {
  const [here, setHere] = useState(currentLocation);
  useEffect(() => {
    const update = () =>
      setHere((previous) => {
        const next = currentLocation();
        return previous.path === next.path && previous.search === next.search ? previous : next;
      });
    window.addEventListener("popstate", update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return here;
}

export function usePath(): string {
  return useLocation().path;
}

export type Params = Record<string, string>;

/**
 * Matches `/alerts/:id` against `/alerts/42` → `{ id: "42" }`; undefined when it does not match.
 * A param matches one non-empty path segment and arrives URL-decoded.
 */
export function matchPath(pattern: string, path: string): Params | undefined {
  const want = pattern.split("/");
  const have = (path.length > 1 ? path.replace(/\/$/, "") : path).split("/");
  if (want.length !== have.length) return undefined;
  const params: Params = {};
  for (let i = 0; i < want.length; i++) {
    const expected = want[i] ?? "";
    const actual = have[i] ?? "";
    if (expected.startsWith(":")) {
      if (actual === "") return undefined;
      try {
        params[expected.slice(1)] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (expected !== actual) {
      return undefined;
    }
  }
  return params;
}

/**
 * Where to go after signing in: the `next` query parameter, if it is a path on this site.
 * `//host` and `/\host` are rejected because browsers read them as other origins.
 */
export function nextPath(): string {
  const next = new URLSearchParams(location.search).get("next");
  return next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/";
}

export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · EdgeSIEM`;
  }, [title]);
}
