/**
 * Backtest and noisy rules as an analyst uses them: a disabled rule is backtested before it is
 * enabled (pages with a progress bar, then its would-be alerts with sample events, and a run
 * cancelled half way), and a noisy rule's shared field becomes a one-click exception scoped to it.
 * Log values carry markup, which must show as text and never run.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { screenshot, startUiSession, type UiSession } from "../support/ui-session.ts";

const XSS = `<img src=x onerror="window.__xss='img'">`;
const DISABLED_ID = "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d";
const NOISY_ID = "1f2e3d4c-5b6a-4978-8877-665544332211";
const rule = (id: string, title: string) => `title: ${title}
id: ${id}
status: test
level: medium
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  condition: selection
fields:
  - CommandLine
`;

const utc = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");
const whoami = (at: number, commandLine: string, user = "CORP\\alice") => ({
  Channel: "Microsoft-Windows-Sysmon/Operational",
  EventID: 1,
  Computer: "WS01",
  UtcTime: utc(at),
  Image: "C:\\Windows\\System32\\whoami.exe",
  CommandLine: commandLine,
  ParentImage: "C:\\Program Files\\Inventory\\agent.exe",
  User: user,
});

/** More events than one backtest page (500) holds, so the run takes three. */
const EVENTS = 1100;

interface Exception {
  field: string;
  value: string;
  rule_id: string | null;
}

describe("backtest and noisy rules", () => {
  let ui: UiSession;
  const page = () => ui.page;

  beforeAll(async () => {
    ui = await startUiSession();
    await ui.admin.call("POST", "/rules", { kind: "sigma", text: rule(DISABLED_ID, "Whoami (not yet enabled)") });
    await ui.admin.call("POST", `/rules/${DISABLED_ID}/disable`);
    const agent = await ui.admin.createAgentToken("ws01");
    const now = Date.now();
    const events = Array.from({ length: EVENTS - 1 }, (_, i) => whoami(now - 60_000 - i, "whoami /all"));
    await ui.admin.ingest(agent, [...events, whoami(now - 30_000, XSS)]);
    await ui.admin.createUser("rita", "analyst-password-123", "analyst");
    await ui.signIn("rita", "analyst-password-123");
  });

  afterAll(async () => {
    await ui?.close();
  });

  test("a disabled rule is backtested in pages, with progress, and shows its would-be alerts with sample events", async () => {
    await page().goto(ui.url(`/rules/${DISABLED_ID}`));
    const panel = page().getByRole("region", { name: "Backtest" });
    await panel.getByText("Disabled: see what it would have raised before enabling it.").waitFor();
    const pages: number[] = [];
    page().on("request", (request) => {
      if (request.url().endsWith("/api/v1/rules/backtest")) pages.push(pages.length + 1);
    });
    await panel.getByRole("button", { name: "Run backtest" }).click();
    await panel
      .getByRole("status")
      .filter({ hasText: `${EVENTS.toLocaleString("en-US")} of ${EVENTS.toLocaleString("en-US")} events scanned.` })
      .waitFor();
    expect(pages).toHaveLength(3);
    const progress = panel.getByRole("progressbar", { name: "Events scanned" });
    expect(await progress.getAttribute("value")).toBe(String(EVENTS));

    const row = panel.getByRole("table", { name: "Backtest results" }).locator("tbody tr");
    expect(await row.count()).toBe(1);
    const cells = await row.locator("td").allTextContents();
    expect(cells.slice(0, 6)).toEqual([
      `Whoami (not yet enabled)${DISABLED_ID}`,
      "Sigma",
      "medium",
      "2",
      EVENTS.toLocaleString("en-US"),
      "0",
    ]);
    const samples = row.locator(".backtest-samples li");
    expect(await samples.count()).toBe(3);
    await samples.filter({ hasText: XSS }).waitFor();
    expect(await page().evaluate(() => (window as { __xss?: string }).__xss)).toBeUndefined();
    const href = await samples.last().getByRole("link").getAttribute("href");
    expect(href).toMatch(/^\/events\?event=\d+$/);
    await screenshot(page(), "rule-backtest");
  });

  test("a backtest cancelled between pages stops and says so", async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page().route("**/api/v1/rules/backtest", async (route) => {
      if (route.request().postData()?.includes('"state"')) await held;
      await route.continue().catch(() => undefined);
    });
    const panel = page().getByRole("region", { name: "Backtest" });
    await panel.getByRole("button", { name: "Run backtest" }).click();
    await panel.getByRole("status").filter({ hasText: "500 of 1,100 events scanned…" }).waitFor();
    await panel.getByRole("button", { name: "Cancel" }).click();
    await panel.getByRole("status").filter({ hasText: "500 of 1,100 events scanned (cancelled)" }).waitFor();
    await panel.getByRole("button", { name: "Run backtest" }).waitFor();
    release();
    await page().unroute("**/api/v1/rules/backtest");
  });

  test("a noisy rule's shared field becomes an exception scoped to it in one click", async () => {
    await ui.admin.call("POST", "/rules", { kind: "sigma", text: rule(NOISY_ID, "Whoami (noisy)") });
    const agent = await ui.admin.createAgentToken("ws02");
    const now = Date.now();
    await ui.admin.ingest(agent, [
      whoami(now - 3000, "whoami /priv", XSS),
      whoami(now - 2000, "whoami /groups", XSS),
      whoami(now - 1000, "whoami /user", XSS),
    ]);
    await page().goto(ui.url("/rules"));
    await page().getByRole("link", { name: "Noisy rules" }).click();
    await page().waitForURL(ui.url("/rules/noisy"));
    const list = page().getByRole("table", { name: "Noisy rules" });
    const noisy = list.locator("tbody tr").filter({ hasText: "Whoami (noisy)" });
    await noisy.waitFor();
    expect((await noisy.locator("td").allTextContents()).slice(2, 5)).toEqual(["0.4", "3", "0% (0)"]);
    await noisy.locator("td").nth(2).click();

    const shared = page().getByRole("table", { name: "Shared fields" }).locator("tbody tr");
    await shared.first().waitFor();
    const user = shared.filter({ hasText: "user.name" });
    expect(await user.locator("td").allTextContents()).toEqual(["user.name", XSS, "100% of alerts", "Add exception"]);
    expect(await page().evaluate(() => (window as { __xss?: string }).__xss)).toBeUndefined();
    const parent = shared.filter({ hasText: "process.parent.executable" });
    await parent.getByRole("button", { name: "Add exception" }).click();
    await parent.getByText("Exception added").waitFor();
    const { exceptions } = await ui.admin.call<{ exceptions: Exception[] }>("GET", "/exceptions");
    expect(exceptions).toContainEqual(
      expect.objectContaining({
        field: "process.parent.executable",
        value: "C:\\Program Files\\Inventory\\agent.exe",
        rule_id: NOISY_ID,
      }),
    );
    await screenshot(page(), "noisy-rules");
  });
});
