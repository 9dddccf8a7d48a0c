/**
 * Every Worker answer (API, errors, the agent endpoints) carries the security headers from its
 * middleware. The dashboard's files, served by the static assets layer from `_headers`, are
 * checked against a live `wrangler dev` in test/browser/security-headers.test.ts.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { API_CSP, HSTS } from "../../worker/http/security-headers.ts";
import { BASE, login } from "../support/workers/api.ts";

const COMMON = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
};

function expectHeaders(response: Response, csp: string, what: string) {
  expect(response.headers.get("content-security-policy"), what).toBe(csp);
  for (const [name, value] of Object.entries(COMMON))
    expect(response.headers.get(name), `${what}: ${name}`).toBe(value);
}

describe("security headers", () => {
  it("are on every kind of Worker answer, with the API's no-document policy", async () => {
    const token = await login();
    const answers: [string, RequestInit & { path: string }][] = [
      ["a 200", { path: "/api/v1/health" }],
      ["a 200 with a session", { path: "/api/v1/auth/me", headers: { authorization: `Bearer ${token}` } }],
      ["a 401", { path: "/api/v1/alerts" }],
      ["a 404", { path: "/api/v1/no-such-thing" }],
      [
        "a 400",
        {
          path: "/api/v1/auth/login",
          method: "POST",
          body: "{not json",
          headers: { "content-type": "application/json" },
        },
      ],
      ["an agent endpoint's 401", { path: "/winlog", method: "POST", body: "{}" }],
    ];
    for (const [what, { path, ...init }] of answers) {
      const response = await SELF.fetch(`${BASE}${path}`, init);
      await response.arrayBuffer();
      expectHeaders(response, API_CSP, what);
      expect(response.headers.get("strict-transport-security"), what).toBe(HSTS);
    }
  });

  it("send HSTS from the Worker over https only", async () => {
    const plain = await SELF.fetch("http://edgesiem.test/api/v1/health");
    await plain.arrayBuffer();
    expectHeaders(plain, API_CSP, "http");
    expect(plain.headers.get("strict-transport-security")).toBeNull();
  });
});
