/**
 * wrangler.toml's `[assets]` for the Deno host: the ASSETS Fetcher over dist/ui, and the routing
 * that decides whether a request reaches the Worker or the static files.
 *
 * Routing follows Workers with `not_found_handling = "single-page-application"`: paths listed in
 * run_worker_first go to the Worker; any other path that names a file gets the file; a browser's
 * navigation to an unknown path gets index.html (the UI routes it); everything else reaches the
 * Worker. A `_headers` file in the directory adds its headers to the files served, as on Workers
 * (the forms the UI build writes: path patterns with `*`, then indented `Name: value` lines).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import type { Fetcher } from "@cloudflare/workers-types/index.ts";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json",
};

export interface StaticAssets {
  /** The file a request names, if there is one (`/x/` → x/index.html, `/x` → x.html or x/index.html). */
  find(pathname: string): string | null;
  /** Serves the named file, or index.html when single-page-application handling is on; otherwise 404. */
  serve(request: Request): Response;
  binding(): Fetcher;
}

const HEADERS_FILE = "_headers";

interface HeaderRule {
  matches: (pathname: string) => boolean;
  headers: [string, string][];
}

/** The rules of a `_headers` text, in file order. */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "" || line.trim().startsWith("#")) continue;
    if (!/^\s/.test(line)) {
      rules.push({ matches: runWorkerFirst([line.trim()]), headers: [] });
      continue;
    }
    const colon = line.indexOf(":");
    const rule = rules[rules.length - 1];
    if (rule && colon > 0) rule.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

export function staticAssets(directory: string, spa: boolean): StaticAssets {
  const root = normalize(directory);
  const headersPath = join(root, HEADERS_FILE);
  const rules = existsSync(headersPath) ? parseHeadersFile(readFileSync(headersPath, "utf8")) : [];
  const inRoot = (path: string) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

  const find = (pathname: string): string | null => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return null;
    }
    const base = normalize(join(root, decoded));
    if (!inRoot(base) || base === headersPath) return null;
    const candidates = decoded.endsWith("/")
      ? [join(base, "index.html")]
      : [base, `${base}.html`, join(base, "index.html")];
    return candidates.find((path) => inRoot(path) && existsSync(path) && statSync(path).isFile()) ?? null;
  };

  const fileResponse = (request: Request, path: string) => {
    const headers = new Headers({
      "content-type": CONTENT_TYPES[extname(path)] ?? "application/octet-stream",
      "cache-control": "public, max-age=0, must-revalidate",
    });
    const pathname = new URL(request.url).pathname;
    for (const rule of rules)
      if (rule.matches(pathname)) for (const [name, value] of rule.headers) headers.set(name, value);
    return new Response(request.method === "HEAD" ? null : readFileSync(path), { headers });
  };

  const serve = (request: Request): Response => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      return new Response("Method Not Allowed", { status: 405, headers: { allow: "GET, HEAD" } });
    }
    const file = find(new URL(request.url).pathname);
    if (file) return fileResponse(request, file);
    const index = join(root, "index.html");
    if (spa && existsSync(index)) return fileResponse(request, index);
    return new Response("Not Found", { status: 404 });
  };

  return {
    find,
    serve,
    binding() {
      const fetcher = {
        fetch: async (input: RequestInfo | URL, init?: RequestInit) => serve(new Request(input, init)),
        connect() {
          throw new Error("ASSETS.connect() is not available");
        },
      };
      return fetcher as unknown as Fetcher;
    },
  };
}

/** wrangler's run_worker_first patterns: `*` matches anything, a leading `!` excludes. */
export function runWorkerFirst(patterns: readonly string[]): (pathname: string) => boolean {
  const compile = (pattern: string) =>
    new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
  const include = patterns.filter((p) => !p.startsWith("!")).map(compile);
  const exclude = patterns.filter((p) => p.startsWith("!")).map((p) => compile(p.slice(1)));
  return (pathname) => include.some((re) => re.test(pathname)) && !exclude.some((re) => re.test(pathname));
}

/** A browser navigating to a page: wrangler serves it index.html rather than calling the Worker. */
export function isNavigation(request: Request): boolean {
  return request.method === "GET" && request.headers.get("sec-fetch-mode") === "navigate";
}
