/**
 * The false-positive filter page: an exception made through the API shows the hits a matching
 * ingest counted against it; one is added through the form, scoped to a rule; one is removed.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { screenshot, startUiSession, type UiSession } from "../support/ui-session.ts";

const RULE_ID = "8d4b2f61-0a9c-4e37-b5d8-1c6e9f3a7b20";
const RULE_TITLE = "Whoami run (exceptions test)";
const RULE = `title: ${RULE_TITLE}
id: ${RULE_ID}
level: medium
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\\whoami.exe'
  condition: selection
`;
const WHOAMI = "C:\\Windows\\System32\\whoami.exe";

const whoami = () => ({
  Channel: "Microsoft-Windows-Sysmon/Operational",
  EventID: 1,
  Computer: "WS01",
  UtcTime: new Date().toISOString().replace("T", " ").replace("Z", ""),
  Image: WHOAMI,
  CommandLine: "whoami /all",
  User: "CORP\\inventory",
});

interface Exception {
  id: number;
  field: string;
  value: string;
  rule_id: string | null;
  hits: number;
}

describe("exceptions page", () => {
  let ui: UiSession;
  const page = () => ui.page;
  const table = () => page().getByRole("table", { name: "Exceptions" });
  const listed = async () => (await ui.admin.call<{ exceptions: Exception[] }>("GET", "/exceptions")).exceptions;

  beforeAll(async () => {
    ui = await startUiSession();
    await ui.admin.call("POST", "/rules", { kind: "sigma", text: RULE });
    await ui.admin.call("POST", "/exceptions", {
      field: "process.executable",
      value: WHOAMI,
      comment: "IT inventory script",
    });
    const agent = await ui.admin.createAgentToken("ws01");
    const answer = await ui.admin.ingest(agent, [whoami()]);
    expect(answer.alerts).toBe(0);
    await ui.admin.createUser("ana", "analyst-password-123", "analyst");
    await ui.signIn("ana", "analyst-password-123");
  });

  afterAll(async () => {
    await ui?.close();
  });

  test("an exception made through the API is listed with the hit a matching ingest counted", async () => {
    await page().getByRole("link", { name: "Exceptions", exact: true }).click();
    await page().waitForURL(ui.url("/exceptions"));
    const row = table().locator("tbody tr");
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    const cells = await row.locator("td").allTextContents();
    expect(cells.slice(0, 5)).toEqual(["process.executable", WHOAMI, "every rule", "IT inventory script", "1"]);
    expect(cells[5]).toMatch(/ago|now/);
    expect(cells[6]).toMatch(/^admin/);
  });

  test("an exception added through the form applies to one rule, linked by its title", async () => {
    await page().getByRole("button", { name: "Add exception" }).click();
    await page().waitForURL(ui.url("/exceptions?add=1"));
    await page().getByLabel("Field").fill("user.name");
    await page().getByLabel("Value").fill("CORP\\svc_backup");
    await page().getByLabel("Applies to").selectOption("rule");
    await page().getByLabel("Rule id").fill(RULE_ID);
    await page().getByLabel("Comment").fill("nightly backup");
    await page().getByRole("button", { name: "Add exception" }).click();
    await page().getByText("Added the exception user.name = CORP\\svc_backup.").waitFor();
    expect(page().url()).toBe(ui.url("/exceptions"));

    const row = table().locator("tbody tr").filter({ hasText: "svc_backup" });
    await row.waitFor();
    const link = row.getByRole("link", { name: RULE_TITLE });
    expect(await link.getAttribute("href")).toBe(`/rules/${RULE_ID}`);
    expect((await listed()).find((e) => e.field === "user.name")).toMatchObject({ rule_id: RULE_ID, hits: 0 });
    await screenshot(page(), "exceptions");
  });

  test("a link with field and value opens the form filled in", async () => {
    await page().goto(ui.url("/exceptions?add=1&field=destination.ip&value=10.0.0.5"));
    expect(await page().getByLabel("Field").inputValue()).toBe("destination.ip");
    expect(await page().getByLabel("Value").inputValue()).toBe("10.0.0.5");
    await page().getByRole("button", { name: "Cancel" }).click();
    await page().waitForURL(ui.url("/exceptions"));
  });

  test("removing an exception asks first, then takes it off the list", async () => {
    await page()
      .getByRole("button", { name: `Remove exception process.executable = ${WHOAMI}` })
      .click();
    const dialog = page().getByRole("dialog", { name: "Remove this exception?" });
    await dialog.getByRole("button", { name: "Remove" }).click();
    await dialog.waitFor({ state: "detached" });
    await table().locator("tbody tr").filter({ hasText: "process.executable" }).waitFor({ state: "detached" });
    expect((await listed()).map((e) => e.field)).toEqual(["user.name"]);
    expect(ui.problems).toEqual({ errors: [], dialogs: [] });
  });
});
