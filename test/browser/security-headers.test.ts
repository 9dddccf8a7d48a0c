/**
 * The dashboard's files as the static assets layer of a live `wrangler dev` serves them, with the
 * headers of the `_headers` file the UI build writes; and proof that the browser tests' CSP check
 * (test/support/browser.ts) catches a violation.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DASHBOARD_CSP, HSTS } from "../../worker/http/security-headers.ts";
import { launchBrowser } from "../support/browser.ts";
import { type DevServer, startDevServer } from "../support/dev-server.ts";
import { watchPage } from "../support/ui-session.ts";

describe("the dashboard's security headers", () => {
  let server: DevServer;

  beforeAll(async () => {
    server = await startDevServer({ vars: { ADMIN_PASSWORD: "browser-test-admin-password" } });
  });

  afterAll(async () => {
    await server?.stop();
  });

  test("are on the page, its script, its styles, its icon, a deep link and a missing file", async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    const files = [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((match) => match[1] as string);
    expect(files.filter((path) => /\.(js|css)$/.test(path))).toHaveLength(2);
    for (const path of ["/", ...files, "/alerts/17", "/signin", "/no-such-file.png"]) {
      const response = await fetch(`${server.url}${path}`);
      await response.arrayBuffer();
      expect(response.headers.get("content-security-policy"), path).toBe(DASHBOARD_CSP);
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("referrer-policy"), path).toBe("no-referrer");
      expect(response.headers.get("x-frame-options"), path).toBe("DENY");
      expect(response.headers.get("strict-transport-security"), path).toBe(HSTS);
    }
    expect(await (await fetch(`${server.url}/_headers`)).text()).not.toContain("Content-Security-Policy:");
  });

  test("hold no inline script or style markup", async () => {
    const html = await (await fetch(`${server.url}/`)).text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
  });

  test("make an injected inline script a reported violation, which the browser tests fail on", async () => {
    const browser = await launchBrowser();
    const page = await browser.context.newPage();
    const problems = watchPage(page);
    await page.goto(`${server.url}/signin`);
    await page.getByLabel("Username").waitFor();
    expect(problems.errors).toEqual([]);
    await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.injected = true";
      document.body.appendChild(script);
    });
    await expect
      .poll(() => problems.errors)
      .toEqual([expect.stringMatching(/^CSP violation: script-src-elem blocked inline/)]);
    expect(await page.evaluate(() => (window as { injected?: boolean }).injected)).toBeUndefined();
    await expect(browser.close()).rejects.toThrow(/^CSP violation: script-src-elem blocked inline/);
  });
});
