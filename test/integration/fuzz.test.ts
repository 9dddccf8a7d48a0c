/**
 * Hostile input against EVERY route of the app (read from createApp().routes, so routes added later
 * are fuzzed too): deep nesting, huge strings, wrong types, invalid UTF-8, truncated JSON, wrong
 * content types, gzip bombs, hostile query and path parameters. Each request must be answered in
 * time, never with a 5xx, and a refusal must be JSON naming the problem. Bodies and path parameters
 * must be refused (4xx) except on the few routes listed in IGNORES_INPUT; query parameters a route
 * does not read may be ignored. At the end every table's rows must hash as before.
 * Deterministic: change SEED to explore further; a failure names the case to replay.
 */
import { env, SELF } from "cloudflare:test";
import { expect, it } from "vitest";
import { createApp } from "../../worker/http/app.ts";
import mixed from "../fixtures/batches/mixed.json";
import { agentToken, BASE, call, gzip, login } from "../support/workers/api.ts";

const SEED = 0x5eed_0007;
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * Routes whose answer does not depend on the body (or on anything sent): a 2xx to hostile input is
 * right there. Sign-out is not fuzzed at all: ending the session is its whole effect.
 */
const NOT_FUZZED = new Set(["POST /api/v1/auth/logout"]);
const IGNORES_INPUT = [
  // Elasticsearch's start-up probes are answered as Elasticsearch would, whatever they carry.
  /^\w+ \/api\/v1\/compat\/es(\/|\/:root\{\/\?\}|\/_license|\/_xpack|\/_cluster\/health|\/_(template|index_template|component_template|ilm|ingest\/pipeline|alias|data_stream)\/\*)?$/,
  // Replays whatever is pending (nothing here); it takes no input.
  /^POST \/api\/v1\/dead-letters\/replay$/,
];
/** Paths agents call with their ingest token; everything else is called as the admin. */
const AGENT_PATHS =
  /^\/(api\/v1\/ingest|api\/v1\/compat\/es|services\/collector|winlog|sshlogin|falcolog|healthcheck)(\/|$)/;
/** Tables that rightly record a refused attempt: a failed sign-in counts towards its limit. */
const RECORDS_ATTEMPTS: Record<string, string> = {
  login_failures: "1 = 0",
  audit_log: "action <> 'auth.sign_in_failed'",
};

function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const KEYS = [
  "name",
  "username",
  "password",
  "role",
  "enabled",
  "status",
  "text",
  "kind",
  "field",
  "value",
  "entries",
  "url",
  "events",
  "batch_id",
  "query",
  "rule_id",
  "note",
  "min_level",
  "format",
  "secret",
  "ids",
  "minutes",
  "host",
];
/** Never a valid name or password: each random string holds a character no validator allows. */
const ODD = ["\u0000", "\u202e", "💥", '"', "<script>", "\\", "\ud800", "%00", "'; DROP TABLE events; --"];

function randomString(): string {
  const length = Math.floor(random() * 40);
  let text = "";
  for (let i = 0; i < length; i++) text += String.fromCharCode(32 + Math.floor(random() * 0x250));
  return text + pick(ODD);
}

function randomValue(depth: number): unknown {
  const kind = Math.floor(random() * (depth > 3 ? 6 : 8));
  switch (kind) {
    case 0:
      return null;
    case 1:
      return random() < 0.5;
    case 2:
      return pick([0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.5, -0.0]);
    case 3:
      return randomString();
    case 4:
      return pick([[], {}, "", " "]);
    case 5:
      return pick(["NaN", "Infinity", "1e999", "-1", "0x1"]);
    case 6:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = Math.floor(random() * 5); i > 0; i--) object[pick(KEYS)] = randomValue(depth + 1);
      return object;
    }
  }
}

const PARAM_VALUES = [
  "abc",
  "-1",
  "0",
  "1.5",
  "1e0",
  "0x1",
  "+1",
  "NaN",
  "Infinity",
  "99999999999999999999999",
  "%00",
  "%F0%28%8C%BC",
  "..%2F..%2Fetc",
  "'%20OR%201=1",
  "x".repeat(3000),
];
const QUERY_NAMES = [
  "limit",
  "from",
  "to",
  "offset",
  "q",
  "query",
  "minutes",
  "days",
  "host",
  "level",
  "status",
  "sort",
  "page",
  "before",
  "after",
  "rule",
  "dataset",
  "range",
  "fields",
  "format",
  "index",
  "source",
  "id",
];
const QUERY_VALUES = [
  "NaN",
  "-1",
  "0",
  "1e309",
  "99999999999999999999",
  "-99999999999999999",
  "",
  "%00",
  "%F0%28",
  "[]",
  "2026-13-45T99:99:99Z",
  "x".repeat(8000),
];

interface Case {
  label: string;
  path: string;
  body?: BodyInit;
  headers?: Record<string, string>;
  /** Whether a 2xx is acceptable (the input is not something the route reads). */
  mayPass: boolean;
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const INVALID_UTF8 = new Uint8Array([...utf8('{"name":"'), 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, ...utf8('"}')]);

async function bodyCases(isIngest: boolean): Promise<Omit<Case, "path" | "mayPass">[]> {
  const json = { "content-type": "application/json" };
  const huge = isIngest ? 5 * 1024 * 1024 + 16 : 70 * 1024;
  const bomb = await gzip(" ".repeat(8 * 1024 * 1024));
  const cases: Omit<Case, "path" | "mayPass">[] = [
    { label: "100k nested arrays", body: `${"[".repeat(100_000)}${"]".repeat(100_000)}`, headers: json },
    { label: "20k nested objects", body: `${'{"a":'.repeat(20_000)}1${"}".repeat(20_000)}`, headers: json },
    {
      label: `a ${huge}-byte string`,
      body: JSON.stringify({ events: ["A".repeat(huge)], name: "A".repeat(huge) }),
      headers: json,
    },
    { label: "a number", body: "123", headers: json },
    { label: "a string", body: '"text"', headers: json },
    { label: "null", body: "null", headers: json },
    { label: "an array of scalars", body: '[1,"two",null,true]', headers: json },
    { label: "events of the wrong type", body: '{"events":5,"batch_id":[]}', headers: json },
    { label: "invalid UTF-8", body: INVALID_UTF8, headers: json },
    { label: "truncated JSON", body: '{"events":[{"a":1},{"b":', headers: json },
    { label: "an empty body", body: "", headers: json },
    { label: "XML as text/plain", body: "<xml>not json</xml>", headers: { "content-type": "text/plain" } },
    { label: "multipart", body: "--x\r\n\r\n--x--", headers: { "content-type": "multipart/form-data; boundary=x" } },
    { label: "broken NDJSON", body: 'not json\n{"a":', headers: { "content-type": "application/x-ndjson" } },
    { label: "a gzip bomb", body: bomb, headers: { ...json, "content-encoding": "gzip" } },
    { label: "gzip that is not gzip", body: "definitely not gzip", headers: { ...json, "content-encoding": "gzip" } },
    { label: "an unknown encoding", body: "{}", headers: { ...json, "content-encoding": "br" } },
  ];
  for (let i = 0; i < 4; i++)
    cases.push({ label: `random value #${i}`, body: JSON.stringify(randomValue(0)), headers: json });
  return cases;
}

/** `:id`-style parameters get `value`; a regex-constrained one (`:root{/?}`) its empty form; `*` a name. */
function fill(pattern: string, value: string): string {
  return pattern
    .replace(/\/:\w+\{[^}]*\}/g, "/")
    .replace(/:\w+/g, value)
    .replace(/\*/g, "x");
}

async function storeDigest(): Promise<Record<string, string>> {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'd1_%' AND name NOT LIKE '_cf_%' ORDER BY name",
  ).all<{ name: string }>();
  const digest: Record<string, string> = {};
  for (const { name } of results) {
    const where = RECORDS_ATTEMPTS[name] ?? "1 = 1";
    // Some tables have no rowid: rows are compared as a sorted list of their JSON.
    const rows = (await env.DB.prepare(`SELECT * FROM "${name}" WHERE ${where}`).all()).results.map((row) =>
      JSON.stringify(row),
    );
    const bytes = await crypto.subtle.digest("SHA-256", utf8(JSON.stringify(rows.sort())));
    digest[name] =
      `${rows.length} rows ${[...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
  }
  return digest;
}

function namesTheProblem(body: unknown): boolean {
  if (body === null || typeof body !== "object") return false;
  const { error, text } = body as { error?: unknown; text?: unknown };
  if (typeof error === "string") return error.length > 0;
  // Elasticsearch's error shape ({error: {type, reason}}) and Splunk HEC's ({text, code}) on their paths.
  if (error !== null && typeof error === "object") return typeof (error as { reason?: unknown }).reason === "string";
  return typeof text === "string" && text.length > 0;
}

it("answers hostile input on every route with a clear 4xx and changes nothing stored", {
  timeout: 600_000,
}, async () => {
  const admin = await login();
  const agents = await Promise.all(Array.from({ length: 12 }, (_, i) => agentToken(admin, `fuzz-${i}`)));
  const seeded = await call("/api/v1/ingest", {
    method: "POST",
    headers: { authorization: `Bearer ${agents[0]?.token}`, "content-type": "application/json" },
    body: JSON.stringify(mixed),
  });
  expect(seeded.status).toBe(200);
  const me = await call<{ user: { id: number } }>("/api/v1/auth/me", { token: admin });
  const rules = await call<{ rules: { id: string | null }[] }>("/api/v1/rules", { token: admin });
  // PATCH/PUT bodies are checked against a real record, so validation is reached rather than a 404.
  const realIds: [RegExp, string][] = [
    [/^\/api\/v1\/users\//, String(me.body.user.id)],
    [/^\/api\/v1\/rules\//, String(rules.body.rules.find((r) => r.id)?.id ?? "unknown")],
  ];
  const before = await storeDigest();

  const routes = new Map<string, { method: string; path: string }>();
  for (const route of createApp().routes) {
    const key = `${route.method} ${route.path}`;
    if (route.method !== "ALL" && !NOT_FUZZED.has(key)) routes.set(key, route);
  }
  expect(routes.size).toBeGreaterThan(50);

  const failures: string[] = [];
  let sent = 0;
  const ingestBodies = await bodyCases(true);
  const apiBodies = await bodyCases(false);

  for (const [key, { method, path }] of routes) {
    const isAgent = AGENT_PATHS.test(path);
    const ignoresInput = IGNORES_INPUT.some((pattern) => pattern.test(key));
    const token = isAgent ? (agents[sent % agents.length]?.token ?? "") : admin;
    const cases: Case[] = [];
    const hasParam = /\/:\w+(?!\{)/.test(path);

    if (method === "GET") {
      for (let i = 0; i < 6; i++) {
        const query = `${pick(QUERY_NAMES)}=${pick(QUERY_VALUES)}&${pick(QUERY_NAMES)}=${pick(QUERY_VALUES)}`;
        cases.push({ label: `query ${query.slice(0, 80)}`, path: `${fill(path, "999999")}?${query}`, mayPass: true });
      }
    } else {
      const realId =
        method === "PATCH" || method === "PUT" ? realIds.find(([prefix]) => prefix.test(path))?.[1] : undefined;
      const target = fill(path, realId ?? "999999");
      for (const body of isAgent ? ingestBodies : apiBodies)
        cases.push({ ...body, path: target, mayPass: ignoresInput });
    }
    if (hasParam) {
      for (const value of PARAM_VALUES) {
        cases.push({
          label: `path parameter ${value.slice(0, 40)}`,
          path: fill(path, value),
          body: method === "GET" ? undefined : "{}",
          headers: method === "GET" ? {} : { "content-type": "application/json" },
          mayPass: ignoresInput,
        });
      }
    }

    for (const fuzz of cases) {
      sent++;
      const headers = new Headers(fuzz.headers);
      headers.set("authorization", `Bearer ${token}`);
      // Each request from its own address, so the per-IP limits (tested elsewhere) stay out of the way.
      headers.set("cf-connecting-ip", `198.18.${(sent >> 8) & 255}.${sent & 255}`);
      const where = `${method} ${fuzz.path.slice(0, 120)} with ${fuzz.label}`;
      let response: Response;
      try {
        response = await SELF.fetch(`${BASE}${fuzz.path}`, {
          method,
          headers,
          body: method === "GET" || method === "HEAD" ? undefined : fuzz.body,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
      } catch (error) {
        failures.push(`${where}: no answer (${(error as Error).message})`);
        continue;
      }
      const text = await response.text();
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        // Checked below: a refusal must be JSON.
      }
      const { status } = response;
      if (status >= 500) failures.push(`${where}: ${status} ${text.slice(0, 200)}`);
      else if (status >= 400 && !namesTheProblem(body))
        failures.push(`${where}: ${status} without a JSON error: ${text.slice(0, 200)}`);
      else if (status < 400 && !fuzz.mayPass) failures.push(`${where}: accepted with ${status}: ${text.slice(0, 200)}`);
    }
  }

  console.log(`fuzz: ${sent} requests to ${routes.size} routes, seed ${SEED.toString(16)}`);
  expect(failures).toEqual([]);
  expect(await storeDigest()).toEqual(before);
});
