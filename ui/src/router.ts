/** A History API router: enough for a handful of top-level pages, no dependency. */
import { useEffect, useState } from "preact/hooks";

// pushState fires no event, so navigate() announces its own changes with this one.
const CHANGE = "edgesiem:navigate";

export function currentPath(): string {
  return location.pathname;
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === location.pathname + location.search) return;
  if (options.replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  window.dispatchEvent(new Event(CHANGE));
}

/** The current pathname, re-rendering on navigate() and on the browser's back and forward. */
export function usePath(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const update = () => setPath(currentPath());
    window.addEventListener("popstate", update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return path;
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
