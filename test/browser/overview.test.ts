/**
 * The overview as an analyst lands on it: alerts raised by shipped simple rules from events sent
 * through the real ingest API show up as open counts, stacked bars, top rules and hosts, and
 * ingest per dataset; the range lives in the URL and a bar zooms into its interval.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { screenshot, startUiSession, type UiSession } from "../support/ui-session.ts";

interface OverviewAnswer {
  open_alerts: { total: number; by_level: Record<string, number> };
  top_rules: { title: string }[];
  top_hosts: { by_events: { host: string; events: number }[] };
}

const MINUTE = 60_000;

function processStart(host: string, minutesAgo: number, commandLine: string, image: string) {
  return {
    Channel: "Microsoft-Windows-Sysmon/Operational",
    EventID: 1,
    Computer: host,
    UtcTime: new Date(Date.now() - minutesAgo * MINUTE).toISOString().replace("T", " ").replace("Z", ""),
    Image: image,
    CommandLine: commandLine,
    ParentImage: "C:\\Windows\\System32\\cmd.exe",
    User: "CORP\\alice",
  };
}

const WHOAMI = "C:\\Windows\\System32\\whoami.exe";
const VSSADMIN = "C:\\Windows\\System32\\vssadmin.exe";
const NOTEPAD = "C:\\Windows\\System32\\notepad.exe";

describe("overview", () => {
  let ui: UiSession;

  beforeAll(async () => {
    ui = await startUiSession();
    const agent = await ui.admin.createAgentToken("overview-agent");
    const answer = await ui.admin.ingest(agent, [
      processStart("ws-finance-01", 200, "whoami /priv", WHOAMI),
      processStart("ws-finance-01", 190, "whoami /priv", WHOAMI),
      processStart("ws-finance-02", 90, "vssadmin delete shadows /all /quiet", VSSADMIN),
      ...Array.from({ length: 6 }, (_, i) => processStart("ws-finance-02", 30 + i, "notepad.exe notes.txt", NOTEPAD)),
    ]);
    expect(answer.accepted).toBe(9);
    expect(answer.alerts).toBeGreaterThan(0);
    await ui.signIn();
  });

  afterAll(async () => {
    await ui?.close();
  });

  const figures = () => ui.admin.call<OverviewAnswer>("GET", "/overview");

  test("shows the open alerts by level, the top rules and hosts and the ingest per dataset", async () => {
    const expected = await figures();
    await ui.page.goto(ui.url("/"));
    await ui.page.getByRole("heading", { name: "Open alerts" }).waitFor();

    const open = ui.page.locator(".overview-open");
    await open.getByRole("link", { name: `${expected.open_alerts.total} open` }).waitFor();
    for (const [level, count] of Object.entries(expected.open_alerts.by_level)) {
      expect(await open.getByRole("link", { name: new RegExp(`^${level}`) }).textContent()).toBe(`${level}${count}`);
    }
    expect(expected.open_alerts.by_level.high).toBeGreaterThan(0);

    const rules = ui.page.locator("section", { has: ui.page.getByRole("heading", { name: "Top rules" }) });
    for (const rule of expected.top_rules) await rules.getByText(rule.title).first().waitFor();

    const busiest = ui.page.locator("section", { has: ui.page.getByText("by events") });
    const hosts = await busiest.locator(".ranked-label").allTextContents();
    expect(hosts).toEqual(expected.top_hosts.by_events.map((row) => row.host));
    expect(hosts[0]).toBe("ws-finance-02");

    await ui.page.getByRole("link", { name: "windows.sysmon_operational" }).waitFor();
    expect(await ui.page.locator(".overview-stack-plot rect.overview-fill-high").count()).toBeGreaterThan(0);
    await ui.page.getByText("Running", { exact: true }).waitFor();
    await screenshot(ui.page, "overview");
  });

  test("a quick range is kept in the URL and narrows the figures", async () => {
    await ui.page.getByRole("button", { name: "Last hour" }).click();
    await ui.page.waitForURL(ui.url("/?range=1h"));
    // Only the notepad events fall in the last hour; the alerting events are older.
    await ui.page.getByText("No new alerts in this range.").waitFor();
    await ui.page.getByText("6 events · 1 agent batch received").waitFor();

    await ui.page.reload();
    await ui.page.getByText("No new alerts in this range.").waitFor();
    expect(await ui.page.getByRole("button", { name: "Last hour" }).getAttribute("aria-pressed")).toBe("true");
  });

  test("a bar picked with the keyboard zooms the range to its interval", async () => {
    await ui.page.getByRole("button", { name: "Last 24 hours" }).click();
    await ui.page.waitForURL(ui.url("/"));
    const chart = ui.page.getByRole("slider", { name: /New alerts over time/ });
    await chart.focus();
    await ui.page.keyboard.press("ArrowRight");
    expect(await chart.getAttribute("aria-valuetext")).toMatch(/: \d+ (low|medium|high|critical)/);
    await ui.page.keyboard.press("Enter");
    await ui.page.waitForURL(/\/\?from=.+&to=.+/);
    const url = new URL(ui.page.url());
    const span = Date.parse(url.searchParams.get("to") ?? "") - Date.parse(url.searchParams.get("from") ?? "");
    expect(span).toBeLessThanOrEqual(30 * MINUTE);
    await ui.page.locator(".overview-stack-plot").waitFor();
  });

  test("a host leads to its events over the same range", async () => {
    await ui.page.goto(ui.url("/?range=7d"));
    const busiest = ui.page.locator("section", { has: ui.page.getByText("by events") });
    await busiest.getByRole("link", { name: "ws-finance-02" }).click();
    await ui.page.waitForURL(ui.url("/events?host=ws-finance-02&range=7d"));
    expect(ui.problems).toEqual({ errors: [], dialogs: [] });
  });
});
