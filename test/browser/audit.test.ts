/**
 * The audit log page as an admin reads it: the entries the API's changes wrote, hostile text from a
 * failed sign-in shown as text, the action filter in the URL; and no nav entry for a viewer.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { screenshot, startUiSession, type UiSession } from "../support/ui-session.ts";

const HOSTILE_NAME = "<img src=x onerror=alert(1)>";

describe("audit log page", () => {
  let ui: UiSession;

  beforeAll(async () => {
    ui = await startUiSession();
    await ui.admin.call("POST", "/tokens", { name: "web1" });
    await ui.admin.call("POST", "/exceptions", { field: "host.name", value: "build01", comment: "CI box" });
    const failed = await fetch(ui.url("/api/v1/auth/login"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: HOSTILE_NAME, password: "not-the-password" }),
    });
    expect(failed.status).toBe(401);
    await ui.signIn();
  });

  afterAll(async () => {
    await ui?.close();
  });

  test("lists who did what, newest first, with hostile text shown as text", async () => {
    const { page } = ui;
    await page.getByRole("link", { name: "Audit log" }).click();
    await page.waitForURL(/\/audit$/);
    const table = page.getByRole("table", { name: "Audit log" });
    await table.getByRole("cell", { name: "token.create" }).waitFor();

    const actions = await table.locator("tbody tr td:nth-child(3)").allTextContents();
    // Newest first: the page's own sign-in, the failed one, the exception, the token, the API sign-in.
    expect(actions.slice(0, 4)).toEqual(["auth.sign_in", "auth.sign_in_failed", "exception.create", "token.create"]);
    expect(actions).toContain("user.create");
    const tokenRow = table.locator("tbody tr", { hasText: "token.create" });
    await expect(tokenRow.textContent()).resolves.toContain("name: web1");
    await expect(tokenRow.textContent()).resolves.toContain("admin");
    await expect(table.locator("tbody tr", { hasText: "exception.create" }).textContent()).resolves.toContain(
      "value: build01",
    );

    const failedRow = table.locator("tbody tr", { hasText: "auth.sign_in_failed" });
    await expect(failedRow.textContent()).resolves.toContain(`${HOSTILE_NAME} (not signed in)`);
    await expect(failedRow.textContent()).resolves.toContain("reason: invalid");
    expect(await table.locator("img").count()).toBe(0);

    await screenshot(page, "audit");
    expect(ui.problems).toEqual({ errors: [], dialogs: [] });
  });

  test("filters by action and by user, kept in the URL", async () => {
    const { page } = ui;
    await page.getByLabel("Action filter").selectOption("token");
    await page.waitForURL(/action=token/);
    const table = page.getByRole("table", { name: "Audit log" });
    await expect.poll(() => table.locator("tbody tr td:nth-child(3)").allTextContents()).toEqual(["token.create"]);

    await page.getByLabel("Action filter").selectOption("all");
    await page.getByLabel("Filter by user").fill("nobody");
    await page.getByLabel("Filter by user").press("Enter");
    await page.waitForURL(/actor=nobody/);
    await page.getByText("Nothing recorded in this range.").waitFor();
    await page.getByLabel("Filter by user").press("Escape");
    await table.getByRole("cell", { name: "token.create" }).waitFor();
  });

  test("is not in a viewer's navigation", async () => {
    await ui.admin.createUser("vera", "vera-password-123", "viewer");
    await ui.signOut();
    await ui.signIn("vera", "vera-password-123");
    await ui.page.getByRole("link", { name: "Events", exact: true }).waitFor();
    expect(await ui.page.getByRole("link", { name: "Audit log" }).count()).toBe(0);
  });
});
