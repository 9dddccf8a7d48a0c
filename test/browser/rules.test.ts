/**
 * The rules pages as an analyst uses them: write a Sigma rule, see its error at its line, fix it,
 * try it on ingested events, create it, edit it (a new version), see its alerts in the list,
 * disable and enable it, and delete it. Steps run in order on one page.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { screenshot, startUiSession, type UiSession } from "../support/ui-session.ts";

const RULE_ID = "3c0e5a7d-91b2-4c84-a6f3-5e2d1b0c9a47";
const TITLE = "Whoami listing everything (browser test)";
const ERROR_LINE = 11;
const ruleText = (modifier: string) => `title: ${TITLE}
id: ${RULE_ID}
status: test
level: high
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\\whoami.exe'
    CommandLine|${modifier}: '/all'
  condition: selection
`;

const utcNow = () => new Date().toISOString().replace("T", " ").replace("Z", "");
const processStart = (computer: string, image: string, commandLine: string) => ({
  Channel: "Microsoft-Windows-Sysmon/Operational",
  EventID: 1,
  Computer: computer,
  UtcTime: utcNow(),
  Image: image,
  CommandLine: commandLine,
  ParentImage: "C:\\Windows\\System32\\cmd.exe",
  User: "CORP\\alice",
});
const whoamiAll = (computer: string) => processStart(computer, "C:\\Windows\\System32\\whoami.exe", "whoami /all");

describe("rules pages", () => {
  let ui: UiSession;
  let agent: string;
  const page = () => ui.page;
  const ruleUrl = `/rules/${RULE_ID}`;

  beforeAll(async () => {
    ui = await startUiSession();
    agent = await ui.admin.createAgentToken("ws01");
    await ui.admin.ingest(agent, [
      whoamiAll("WS01"),
      processStart("WS01", "C:\\Windows\\System32\\notepad.exe", "notepad.exe report.txt"),
    ]);
    await ui.admin.createUser("rita", "analyst-password-123", "analyst");
    await ui.signIn("rita", "analyst-password-123");
  });

  afterAll(async () => {
    await ui?.close();
  });

  test("the list shows the bundled rules with kind, level, origin, alerts and compile status, filtered by URL", async () => {
    await page().goto(ui.url("/rules"));
    const table = page().getByRole("table", { name: "Rules" });
    await table.getByRole("row").nth(1).waitFor();
    expect(await table.getByRole("columnheader").allTextContents()).toEqual([
      "On",
      "Rule",
      "Kind",
      "Level",
      "Origin",
      "Pack",
      "Alerts",
      "Last alert",
      "Compile",
    ]);
    await page().getByLabel("Kind").selectOption("simple");
    await page().waitForURL(ui.url("/rules?kind=simple"));
    const kinds = () => table.locator("tbody tr td:nth-child(3)").allTextContents();
    await expect.poll(async () => [...new Set(await kinds())]).toEqual(["simple"]);
    await page().getByRole("button", { name: "Clear filters" }).click();
    await page().waitForURL(ui.url("/rules"));
  });

  test("the packs above the list show the shipped defaults, and a switch turns a pack's rules on", async () => {
    await page().goto(ui.url("/rules"));
    const packs = page().getByRole("region", { name: "Rule packs" });
    await packs.getByRole("link", { name: "threat-hunting" }).waitFor();
    expect(await packs.getByText(/SigmaHQ 2026-08-05, commit 8eaafff1f2/).count()).toBe(1);
    const switchOf = (pack: string, on: boolean) =>
      packs.getByRole("checkbox", { name: `${on ? "Disable" : "Enable"} the ${pack} pack` });
    for (const pack of ["edgesiem", "core", "emerging-threats"])
      expect(await switchOf(pack, true).isChecked()).toBe(true);
    expect(await switchOf("threat-hunting", false).isChecked()).toBe(false);

    await page().getByLabel("Pack", { exact: true }).selectOption("threat-hunting");
    await page().waitForURL(ui.url("/rules?pack=threat-hunting"));
    const table = page().getByRole("table", { name: "Rules" });
    const states = () =>
      table
        .locator("tbody tr td:nth-child(1) input")
        .evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).checked));
    await expect.poll(async () => [...new Set(await states())]).toEqual([false]);
    await switchOf("threat-hunting", false).click();
    await switchOf("threat-hunting", true).waitFor();
    await expect.poll(async () => [...new Set(await states())]).toEqual([true]);
    await switchOf("threat-hunting", true).click();
    await switchOf("threat-hunting", false).waitFor();
    await expect.poll(async () => [...new Set(await states())]).toEqual([false]);
    await packs.getByRole("button", { name: "Backtest the core+ pack" }).click();
    await packs.getByRole("button", { name: "Run backtest" }).click();
    await packs
      .getByRole("status")
      .filter({ hasText: /rules tried, \d+ matched/ })
      .waitFor();
    const results = packs.getByRole("table", { name: "Backtest results" });
    await results.getByText("Enumerate All Information With Whoami.EXE").waitFor();
    await screenshot(page(), "rules-packs");
    await page().getByRole("button", { name: "Clear filters" }).click();
    await page().waitForURL(ui.url("/rules"));
  });

  test("a Sigma rule with an error shows it at its line; fixed, it finds the ingested event", async () => {
    await page().getByRole("link", { name: "New rule" }).click();
    await page().waitForURL(ui.url("/rules/new"));
    expect(await page().getByRole("textbox", { name: "Rule text" }).inputValue()).toContain("logsource:");

    await page().getByRole("textbox", { name: "Rule text" }).fill(ruleText("notamodifier"));
    await page().getByRole("button", { name: "Create rule" }).click();
    const errors = page().getByRole("list", { name: "Compile errors" });
    await errors.waitFor();
    expect(await errors.textContent()).toContain(`Line ${ERROR_LINE}`);
    expect(await errors.textContent()).toContain("notamodifier");
    expect(await page().locator(".gutter-line.has-error").allTextContents()).toEqual([String(ERROR_LINE)]);
    expect(page().url()).toBe(ui.url("/rules/new"));
    await screenshot(page(), "rule-new-error");

    await page().getByRole("textbox", { name: "Rule text" }).fill(ruleText("contains"));
    await page().getByRole("button", { name: "Run test" }).click();
    const matches = page().getByRole("table", { name: "Test matches" });
    await matches.waitFor();
    await errors.waitFor({ state: "detached" });
    const rows = matches.locator("tbody tr");
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain("WS01");
    expect(await rows.first().textContent()).toContain("whoami /all");
    expect(await rows.first().getByRole("link").getAttribute("href")).toMatch(/^\/events\?event=\d+$/);
    expect(await page().getByRole("status").filter({ hasText: "match in the newest 2 events" }).count()).toBe(1);

    await page().getByRole("button", { name: "Create rule" }).click();
    await page().waitForURL(ui.url(ruleUrl));
    await page().getByRole("heading", { level: 1, name: TITLE }).waitFor();
  });

  test("an edit is saved as a new version, and an old version opens from the history", async () => {
    const editor = page().getByRole("textbox", { name: "Rule text" });
    await editor.fill(ruleText("contains").replace("level: high", "level: critical"));
    await page().getByRole("button", { name: "Save" }).click();
    await page().getByText("Saved as version 2.").waitFor();
    await page().locator(".rule-badges .level-critical").waitFor();
    const history = page().getByRole("table", { name: "Versions" });
    expect(await history.locator("tbody tr td:first-child").allTextContents()).toEqual(["v2", "v1"]);

    await history.locator("tbody tr").nth(1).getByRole("button", { name: "View" }).click();
    await page().waitForURL(ui.url(`${ruleUrl}?version=1`));
    const dialog = page().getByRole("dialog", { name: "Version 1 (create)" });
    expect(await dialog.getByRole("textbox").inputValue()).toContain("level: high");
    await page().keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    expect(page().url()).toBe(ui.url(ruleUrl));

    await page().getByRole("button", { name: "Run test" }).click();
    await page().getByRole("table", { name: "Test matches" }).waitFor();
    await screenshot(page(), "rule-edit");
  });

  test("the list counts the rule's alerts, and the rule is disabled and enabled again", async () => {
    const answer = await ui.admin.ingest(agent, [whoamiAll("WS03")]);
    expect(answer.alerts).toBe(1);

    await page().getByRole("button", { name: "Disable" }).click();
    await page().getByText("Disabled: it no longer alerts.").waitFor();
    await page().locator(".rule-badges").getByText("disabled", { exact: true }).waitFor();

    await page().getByRole("link", { name: "← Rules" }).click();
    await page().getByLabel("Search rules").fill("browser test");
    await page().waitForURL(ui.url("/rules?q=browser+test"));
    const row = page().getByRole("table", { name: "Rules" }).locator("tbody tr");
    await row.filter({ hasText: TITLE }).waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.locator("td").allTextContents()).toEqual([
      "",
      `${TITLE}${RULE_ID}`,
      "Sigma",
      "critical",
      "api",
      "—",
      "1 (1 open)",
      expect.stringMatching(/ago|now/),
      "compiled",
    ]);
    const toggle = row.getByRole("checkbox", { name: `Enable ${TITLE}` });
    expect(await toggle.isChecked()).toBe(false);
    await toggle.click();
    await row.getByRole("checkbox", { name: `Disable ${TITLE}` }).waitFor();
    const { rule } = await ui.admin.call<{ rule: { enabled: boolean } }>("GET", ruleUrl);
    expect(rule.enabled).toBe(true);

    await page().getByLabel("Search rules").fill("");
    await page().getByRole("table", { name: "Rules" }).locator("tbody tr").nth(3).waitFor();
    await screenshot(page(), "rules");
  });

  test("a deleted rule leaves the list after the confirm dialog", async () => {
    await page().goto(ui.url(ruleUrl));
    await page().getByRole("button", { name: "Delete" }).click();
    const dialog = page().getByRole("dialog", { name: "Delete this rule?" });
    await dialog.getByRole("button", { name: "Delete rule" }).click();
    await page().waitForURL(ui.url("/rules"));
    const { rules } = await ui.admin.call<{ rules: unknown[] }>("GET", "/rules?origin=api");
    expect(rules).toEqual([]);
  });

  test("a correlation's base rule opens on its own page, which links to its file", async () => {
    await page().goto(ui.url("/rules/88152d6d-917c-4c26-aad5-69f3908ce46c"));
    await page().getByRole("heading", { name: "SSH Logon Failure" }).waitFor();
    const about = page().getByRole("region", { name: "About this rule" });
    await about.getByText("a later rule of the file of").waitFor();
    await about.getByRole("link", { name: "9112ca77-4ce6-4ed5-b21b-59471b929a9b" }).click();
    await page().waitForURL(ui.url("/rules/9112ca77-4ce6-4ed5-b21b-59471b929a9b"));
    await page().getByRole("heading", { name: "SSH Brute Force From One Source" }).waitFor();
    expect(ui.problems).toEqual({ errors: [], dialogs: [] });
  });

  test("a viewer reads a rule but gets no editing controls", async () => {
    await ui.admin.createUser("vic", "viewer-password-123", "viewer");
    await ui.signOut();
    await ui.signIn("vic", "viewer-password-123");
    await page().goto(ui.url("/rules"));
    const first = page().getByRole("table", { name: "Rules" }).locator("tbody tr").first();
    await first.waitFor();
    expect(await page().getByRole("link", { name: "New rule" }).count()).toBe(0);
    expect(await first.getByRole("checkbox").count()).toBe(0);
    await first.getByRole("link").first().click();
    await page().getByRole("heading", { name: "Rule text" }).waitFor();
    expect(await page().getByRole("textbox", { name: "Rule text" }).getAttribute("readonly")).not.toBeNull();
    expect(await page().getByRole("button", { name: "Save" }).count()).toBe(0);
    expect(ui.problems).toEqual({ errors: [], dialogs: [] });
  });
});
