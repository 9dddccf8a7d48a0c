/**
 * The security headers every answer carries. The dashboard's own files are served by the static
 * assets layer without running the Worker, so they get theirs from a `_headers` file written at
 * build time from DASHBOARD_HEADERS (ui/vite.config.ts); the Worker's own answers (the API, the
 * agent endpoints, errors) get API_HEADERS from the middleware in app.ts. One list, two carriers.
 */

/**
 * The dashboard's policy: scripts, styles and connections from its own origin only, no inline
 * script or style markup (Preact sets dynamic styles through the CSSOM, which this allows), no
 * plugins, no framing, forms and `<base>` pinned.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** JSON and text answers are never documents: nothing may load from them or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Browsers ignore it on plain http (RFC 6797 §8.1), so the static `_headers` may always send it. */
export const HSTS = "max-age=31536000; includeSubDomains";

const COMMON: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  // Dashboard URLs carry search queries and alert ids; they are nobody else's business.
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
};

export const DASHBOARD_HEADERS: Record<string, string> = {
  "Content-Security-Policy": DASHBOARD_CSP,
  ...COMMON,
  "Strict-Transport-Security": HSTS,
};

/** The headers of a Worker answer to `url`: HSTS only when the request came over https. */
export function apiHeaders(url: URL): Record<string, string> {
  return {
    "Content-Security-Policy": API_CSP,
    ...COMMON,
    ...(url.protocol === "https:" ? { "Strict-Transport-Security": HSTS } : {}),
  };
}

/** DASHBOARD_HEADERS as the static assets layer's `_headers` file, for every path. */
export function headersFile(): string {
  const lines = Object.entries(DASHBOARD_HEADERS).map(([name, value]) => `  ${name}: ${value}`);
  return `/*\n${lines.join("\n")}\n`;
}
