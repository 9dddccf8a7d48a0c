/**
 * The signed-in shell as people use it: role-aware navigation, deep links with their query state
 * through sign-in, reload and back/forward, and the theme toggle. Steps run in order on one page.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { screenshot, startUiSession, type UiSession } from "../support/ui-session.ts";

const ADMIN_ONLY = ["Tokens", "Users", "Notifications"];
const EVERYONE = ["Overview", "Events", "Alerts", "Hosts", "Logins", "Processes", "Rules", "Exceptions"];

describe("shell", () => {
  let ui: UiSession;
  const navLinks = async () => ui.page.getByRole("navigation", { name: "Main" }).getByRole("link").allTextContents();

  beforeAll(async () => {
    ui = await startUiSession();
  });

  afterAll(async () => {
    await ui?.close();
  });

  test("a deep link with query state survives the sign-in detour and a reload", async () => {
    const deepLink = "/events?range=1h&host=web-01&col=host&col=user";
    await ui.page.goto(ui.url(deepLink));
    await ui.page.waitForURL(ui.url(`/signin?next=${encodeURIComponent(deepLink)}`));
    await ui.page.getByLabel("Username").fill("admin");
    await ui.page.getByLabel("Password").fill("browser-test-admin-password");
    await ui.page.getByRole("button", { name: "Sign in" }).click();
    await ui.page.waitForURL(ui.url(deepLink));

    await ui.page.reload();
    await ui.page.locator(".who-name").waitFor();
    expect(ui.page.url()).toBe(ui.url(deepLink));
    expect(await ui.page.getByRole("link", { name: "Events", exact: true }).getAttribute("aria-current")).toBe("page");
  });

  test("an admin sees every page in the navigation, and the sidebar changes page without a reload", async () => {
    expect(await navLinks()).toEqual(expect.arrayContaining([...EVERYONE, ...ADMIN_ONLY]));
    await ui.page.evaluate(() => {
      document.body.dataset.visit = "one";
    });
    await ui.page.getByRole("link", { name: "Tokens", exact: true }).click();
    await ui.page.waitForURL(ui.url("/tokens"));
    await ui.page.getByRole("heading", { level: 1 }).waitFor();
    expect(await ui.page.evaluate(() => document.body.dataset.visit)).toBe("one");
    expect(await ui.page.getByRole("link", { name: "Tokens", exact: true }).getAttribute("aria-current")).toBe("page");
    await screenshot(ui.page, "shell");
  });

  test("back and forward restore the previous URL with its query", async () => {
    await ui.page.goBack();
    await ui.page.waitForURL(ui.url("/events?range=1h&host=web-01&col=host&col=user"));
    expect(await ui.page.getByRole("link", { name: "Events", exact: true }).getAttribute("aria-current")).toBe("page");
    await ui.page.goForward();
    await ui.page.waitForURL(ui.url("/tokens"));
    expect(await ui.page.getByRole("link", { name: "Tokens", exact: true }).getAttribute("aria-current")).toBe("page");
  });

  test("an unknown path shows the not-found page inside the shell", async () => {
    await ui.page.goto(ui.url("/no-such-page"));
    await ui.page.getByRole("heading", { name: "Page not found" }).waitFor();
    expect(await navLinks()).toContain("Overview");
  });

  test("the theme toggle switches to dark and the choice survives a reload", async () => {
    await ui.page.goto(ui.url("/"));
    await ui.page.getByRole("button", { name: "Switch to dark theme" }).click();
    expect(await ui.page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    await ui.page.reload();
    await ui.page.getByRole("button", { name: "Switch to light theme" }).waitFor();
    expect(await ui.page.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    await screenshot(ui.page, "shell-dark");
    await ui.page.getByRole("button", { name: "Switch to light theme" }).click();
  });

  test("a viewer sees no admin pages in the navigation and is refused them by URL", async () => {
    await ui.admin.createUser("viewer-one", "viewer-password-123", "viewer");
    await ui.signOut();
    await ui.signIn("viewer-one", "viewer-password-123");
    expect(await ui.page.locator(".role").textContent()).toBe("viewer");

    const links = await navLinks();
    expect(links).toEqual(expect.arrayContaining(EVERYONE));
    for (const adminPage of ADMIN_ONLY) expect(links).not.toContain(adminPage);

    await ui.page.goto(ui.url("/users"));
    await ui.page.getByRole("heading", { name: "Not allowed" }).waitFor();
    await screenshot(ui.page, "shell-viewer");
  });

  test("no page raised a script error or opened a dialog", () => {
    expect(ui.problems).toEqual({ errors: [], dialogs: [] });
  });
});
