/**
 * The sign-in flow as a person sees it: the built UI (dist/ui) served by a live `wrangler dev`,
 * driven through headless Chromium. Steps run in order on one page, like one visit.
 */
import { resolve } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Browser, launchBrowser } from "../support/browser.ts";
import { type DevServer, startDevServer } from "../support/dev-server.ts";

const ADMIN_PASSWORD = "browser-test-admin-password";
const SCREENSHOT_DIR = resolve(import.meta.dirname, "../../test-results");

describe("sign-in", () => {
  let server: DevServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const url = (path: string) => `${server.url}${path}`;
  const alertText = async () => (await page.getByRole("alert").textContent())?.trim();

  beforeAll(async () => {
    server = await startDevServer({ vars: { ADMIN_PASSWORD, SIGNUP_MODE: "approval" } });
    browser = await launchBrowser({ colorScheme: "light" });
    page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    page.on("pageerror", (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  test("an unauthenticated visit to / lands on /signin with the username focused", async () => {
    await page.goto(url("/"));
    await page.waitForURL(url("/signin"));
    const username = page.getByLabel("Username");
    await username.waitFor();
    expect(await username.evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await page.title()).toBe("Sign in · EdgeSIEM");
  });

  test("a wrong password shows the API's error", async () => {
    await page.getByLabel("Username").fill("admin");
    await page.getByLabel("Password").fill("not-the-password");
    const answer = page.waitForResponse((response) => response.url().endsWith("/api/v1/auth/login"));
    await page.getByRole("button", { name: "Sign in" }).click();
    const response = await answer;
    expect(response.status()).toBe(401);
    const { error } = (await response.json()) as { error: string };
    await page.getByRole("alert").waitFor();
    expect(await alertText()).toBe(error);
    expect(page.url()).toBe(url("/signin"));
  });

  test("the admin password signs in (Enter submits) and shows the user, the role and the status", async () => {
    await page.getByLabel("Password").fill(ADMIN_PASSWORD);
    await page.getByLabel("Password").press("Enter");
    await page.waitForURL(url("/"));
    expect(await page.locator(".who-name").textContent()).toBe("admin");
    expect(await page.locator(".role").textContent()).toBe("admin");
    await page.getByRole("button", { name: "Sign out" }).waitFor();

    const health = (await (await fetch(url("/api/v1/health"))).json()) as { version: string };
    const status = page.getByRole("region", { name: "Status" });
    await status.getByText(health.version, { exact: true }).waitFor();
    expect(await status.locator("dd").allTextContents()).toEqual(
      expect.arrayContaining(["Running", "OK", health.version]),
    );
    await page.screenshot({ path: resolve(SCREENSHOT_DIR, "signin.png") });
  });

  test("a reload keeps the session and the chosen theme", async () => {
    await page.getByRole("button", { name: "Switch to dark theme" }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");

    await page.reload();
    await page.locator(".who-name").waitFor();
    expect(page.url()).toBe(url("/"));
    expect(await page.locator(".who-name").textContent()).toBe("admin");
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    await page.getByRole("region", { name: "Status" }).locator("dd.mono").waitFor();
    await page.screenshot({ path: resolve(SCREENSHOT_DIR, "signin-dark.png") });
  });

  test("Sign out returns to /signin and ends the session", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(url("/signin"));
    await page.getByLabel("Username").waitFor();

    await page.goto(url("/"));
    await page.waitForURL(url("/signin"));
    expect(await page.context().cookies(server.url)).not.toContainEqual(
      expect.objectContaining({ name: "edgesiem_session", value: expect.stringMatching(/.+/) }),
    );
  });

  test("sign-up of a new user, reached without a page reload, says it awaits approval", async () => {
    // A reload would wipe this mark: its survival proves the router changed page in place.
    await page.evaluate(() => {
      document.body.dataset.visit = "one";
    });
    await page.getByRole("link", { name: "Sign up" }).click();
    await page.waitForURL(url("/signup"));
    expect(await page.evaluate(() => document.body.dataset.visit)).toBe("one");

    await page.getByLabel("Username").fill("new-analyst");
    await page.getByLabel("Password", { exact: true }).fill("a-long-enough-password-42");
    await page.getByLabel("Confirm password").fill("a-long-enough-password-42");
    await page.getByRole("button", { name: "Create account" }).click();
    const status = page.getByRole("status");
    await status.waitFor();
    expect(await status.textContent()).toBe("Account created, waiting for an administrator's approval.");
  });

  test("the page raised no script errors", () => {
    expect(pageErrors).toEqual([]);
  });
});
