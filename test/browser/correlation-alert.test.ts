/**
 * A correlation alert's page as an analyst reads it: a brute force of 41 failed logons sent in
 * three batches fires the shipped "Windows Logon Failures Against One Account From One Source"
 * rule; the page names the host and the user, lists the 41 events and opens the Events page on them.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startUiSession, type UiSession } from "../support/ui-session.ts";

const RULE_ID = "91786ce1-1d6b-4d63-89ec-accc83188ade";
const SECOND = 1000;
/** Log text is the attacker's: the page must show it as text. */
const USER = "svc-<b>backup</b>";

function failedLogon(at: number) {
  return {
    Channel: "Security",
    EventID: 4625,
    Computer: "DC01",
    TimeCreated: new Date(at).toISOString(),
    TargetUserName: USER,
    IpAddress: "198.51.100.7",
    LogonType: "3",
  };
}

describe("a correlation alert's page", () => {
  let ui: UiSession;
  let alertId = 0;
  const page = () => ui.page;

  beforeAll(async () => {
    ui = await startUiSession();
    const agent = await ui.admin.createAgentToken("collector");
    const start = Date.now() - 10 * 60 * SECOND;
    const attempts = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => failedLogon(start + (from + i) * 5 * SECOND));
    for (const [from, to] of [
      [0, 6],
      [6, 20],
      [20, 41],
    ] as const) {
      await ui.admin.ingest(agent, attempts(from, to));
    }
    const { alerts } = await ui.admin.call<{ alerts: { id: number }[] }>("GET", `/alerts?rule=${RULE_ID}`);
    alertId = alerts[0]?.id ?? 0;
    await ui.signIn();
  });

  afterAll(async () => {
    await ui?.close();
  });

  test("names the host and the user with their event counts and says 41 events contributed", async () => {
    await page().goto(ui.url(`/alerts/${alertId}`));
    const facts = page().locator(".alert-facts");
    await facts.getByRole("link", { name: "DC01" }).waitFor();
    expect(await facts.getByRole("list", { name: "Hosts" }).textContent()).toBe("DC01 (41 events)");
    expect(await facts.getByRole("list", { name: "Users" }).textContent()).toBe(`${USER} (41 events)`);
    expect(await facts.locator("b").count()).toBe(0);
    const events = facts.locator("dt", { hasText: /^Events$/ }).locator("xpath=following-sibling::dd[1]");
    expect(await events.textContent()).toBe("41");
  });

  test("lists every contributing event, the ones of earlier batches included", async () => {
    expect(await page().locator("#alert-events-heading").textContent()).toBe("Events of this alert (41)");
    const table = page().getByRole("table", { name: "Events of this alert" });
    expect(await table.locator("tbody tr").count()).toBe(41);
  });

  test("opens the Events page on the alert's events", async () => {
    await page().getByRole("link", { name: "Search the events of this alert" }).click();
    await page().waitForURL(/\/events\?alert=\d+/);
    await page()
      .getByRole("link", { name: `Events of alert ${alertId}` })
      .waitFor();
    await expect.poll(() => page().locator(".events-count").textContent()).toBe("41 events");
    expect(ui.problems.errors).toEqual([]);
  });
});
