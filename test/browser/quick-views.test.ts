/**
 * The quick views as an analyst uses them: each view's own events, the Today / Last week switch,
 * host links, "filter for" from a value's menu, adding a value to the false-positive filter (which
 * hides it) and the toggle that shows it again, free-text search, and the Submissions list.
 * Steps run in order on one page, like one visit.
 */
import type { Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { screenshot, startUiSession, type UiSession } from "../support/ui-session.ts";

const SYSMON = "Microsoft-Windows-Sysmon/Operational";
// A few seconds ago is "today" however close to midnight the test runs, except in its first seconds.
const recent = (seconds: number) => Date.now() - seconds * 1000;
const utcTime = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");

function processStart(at: number, host: string, image: string, user: string) {
  const name = image.split("\\").pop();
  return {
    Channel: SYSMON,
    EventID: 1,
    Computer: host,
    UtcTime: utcTime(at),
    Image: image,
    CommandLine: `${name} /all`,
    User: user,
  };
}

const RECORDS = [
  processStart(recent(5), "WS01", "C:\\Windows\\System32\\whoami.exe", "CORP\\bob"),
  processStart(recent(6), "WS02", "C:\\Tools\\psexec.exe", "CORP\\alice"),
  processStart(recent(3 * 24 * 3600), "WS03", "C:\\Windows\\System32\\net.exe", "CORP\\carol"),
  {
    Channel: "Security",
    EventID: 4625,
    Computer: "DC01",
    TimeCreated: new Date(recent(7)).toISOString(),
    TargetUserName: "administrator",
    LogonType: "3",
    IpAddress: "203.0.113.50",
  },
  {
    Channel: SYSMON,
    EventID: 11,
    Computer: "WS01",
    UtcTime: utcTime(recent(8)),
    Image: "C:\\Windows\\System32\\whoami.exe",
    TargetFilename: "C:\\Temp\\drop.ps1",
  },
  {
    Channel: SYSMON,
    EventID: 3,
    Computer: "WS02",
    UtcTime: utcTime(recent(9)),
    Image: "C:\\Tools\\psexec.exe",
    DestinationIp: "198.51.100.23",
    DestinationPort: 445,
    Protocol: "tcp",
  },
  { Channel: SYSMON, EventID: 13, Computer: "WS01", UtcTime: utcTime(recent(10)), Image: "C:\\Windows\\regedit.exe" },
];

describe("quick views", () => {
  let ui: UiSession;
  const page = () => ui.page;
  const table = () => page().getByRole("table");
  const rows = () => table().locator("tbody tr");
  const count = () => page().locator(".view-count");

  async function expectCount(text: string) {
    await page()
      .locator(".view-count", { hasText: new RegExp(`^${text}$`) })
      .waitFor();
    await page().waitForFunction(() => document.querySelector("table")?.getAttribute("aria-busy") === "false");
  }

  async function openMenu(value: Locator, item: string) {
    await value.click();
    await page().getByRole("menuitem", { name: item }).click();
  }

  beforeAll(async () => {
    ui = await startUiSession();
    const token = await ui.admin.createAgentToken("browser-agent");
    const answer = await ui.admin.ingest(token, RECORDS);
    expect(answer.accepted).toBe(RECORDS.length);
    await ui.signIn();
  });

  afterAll(async () => {
    await ui?.close();
  });

  test("each view shows its own events with its own columns", async () => {
    const expected: [string, string, string[]][] = [
      ["logins", "1 record", ["Date", "Host", "User", "Source IP", "Logon type / method", "Outcome"]],
      ["processes", "2 records", ["Date", "Host", "Image", "Command line", "Parent", "User"]],
      ["files", "1 record", ["Date", "Host", "Image", "Target filename", "User"]],
      ["network", "1 record", ["Date", "Host", "Image", "Destination", "Protocol / query / URI"]],
      ["other", "1 record", ["Date", "Host", "Type", "Image", "User", "Details"]],
    ];
    for (const [name, records, headers] of expected) {
      await page().goto(ui.url(`/views/${name}`));
      await expectCount(records);
      expect(await table().locator("th").allTextContents()).toEqual(headers);
      await screenshot(page(), `views-${name}`);
    }
    await page().goto(ui.url("/views/logins"));
    await rows().first().getByText("3 (network)").waitFor();
    expect(await rows().first().textContent()).toContain("failure");
  });

  test("the range switch reaches older events and is kept in the URL", async () => {
    await page().goto(ui.url("/views/processes"));
    await expectCount("2 records");
    await page().getByRole("button", { name: "Last week" }).click();
    await page().waitForURL(/range=7d/);
    await expectCount("3 records");
    await page().getByRole("button", { name: "Today" }).click();
    await expectCount("2 records");
  });

  test("a host links to that host's events in the view", async () => {
    await page().getByRole("link", { name: "WS02", exact: true }).click();
    await page().waitForURL(/host=WS02/);
    await expectCount("1 record");
    expect(await rows().textContent()).toContain("psexec.exe");
    await page().getByRole("button", { name: "Remove filter: host is WS02" }).click();
    await expectCount("2 records");
  });

  test("'filter for' on a user narrows the view to that user", async () => {
    await openMenu(rows().getByRole("button", { name: "CORP\\bob" }), "Filter for");
    await page().waitForURL(/term=/);
    await expectCount("1 record");
    expect(await rows().textContent()).toContain("whoami.exe");
    await page()
      .getByRole("button", { name: /Remove filter: user\.name is CORP\\bob/ })
      .click();
    await expectCount("2 records");
  });

  test("a value added to the false-positive filter is hidden until the toggle shows it again", async () => {
    await openMenu(rows().getByRole("button", { name: "whoami.exe" }), "Add to false-positive filter");
    await page()
      .getByText(/is in the false-positive filter\. Matching events are hidden\./)
      .waitFor();
    await expectCount("1 record");
    expect(await rows().textContent()).not.toContain("whoami.exe");

    await page().goto(ui.url("/views/files"));
    await expectCount("0 records");

    await page().getByLabel("Show false positives").check();
    await page().waitForURL(/fp=1/);
    await expectCount("1 record");
    expect(await rows().textContent()).toContain("drop.ps1");
    await screenshot(page(), "views-files-false-positives");
  });

  test("free text searches within the view", async () => {
    await page().goto(ui.url("/views/network"));
    await expectCount("1 record");
    const search = page().getByLabel("Search Network");
    await search.fill("203.0.113");
    await search.press("Enter");
    await page().waitForURL(/text=203\.0\.113/);
    await expectCount("0 records");
    await search.fill("198.51.100");
    await search.press("Enter");
    await expectCount("1 record");
    expect(await count().textContent()).toBe("1 record");
  });

  test("Submissions lists each batch with its hosts, counts, status and token", async () => {
    await page().goto(ui.url("/views/submissions"));
    await expectCount("1 record");
    const text = await rows().first().textContent();
    expect(text).toContain("browser-agent");
    expect(text).toContain("stored");
    expect(text).toContain(String(RECORDS.length));
    await page().getByRole("button", { name: "Last month" }).click();
    await page().waitForURL(/range=30d/);
    await expectCount("1 record");
    await rows().first().getByRole("link", { name: "DC01" }).click();
    await page().waitForURL(/host=DC01/);
    await expectCount("1 record");
    await screenshot(page(), "views-submissions");
    expect(ui.problems).toEqual({ errors: [], dialogs: [] });
  });
});
