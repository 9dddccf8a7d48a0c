/**
 * The Events page as an analyst uses it: a query in the search language, a syntax error shown at its
 * position, event-type facets, a column toggled and remembered, an event opened in the side panel,
 * "filter for" / "filter out" from a value, a value added to the false-positive filter, and the
 * histogram zoomed by dragging. Steps run in order on one page, like one visit.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { screenshot, startUiSession, type UiSession } from "../support/ui-session.ts";

const SYSMON = "Microsoft-Windows-Sysmon/Operational";
const recent = (seconds: number) => Date.now() - seconds * 1000;
const utcTime = (ms: number) => new Date(ms).toISOString().replace("T", " ").replace("Z", "");

function processStart(secondsAgo: number, host: string, image: string, user: string) {
  return {
    Channel: SYSMON,
    EventID: 1,
    Computer: host,
    UtcTime: utcTime(recent(secondsAgo)),
    Image: image,
    CommandLine: `${image.split("\\").pop()} /all`,
    User: user,
  };
}

const RECORDS = [
  processStart(60, "WS01", "C:\\Windows\\System32\\whoami.exe", "CORP\\bob"),
  processStart(120, "WS02", "C:\\Tools\\psexec.exe", "CORP\\alice"),
  processStart(3 * 3600, "WS03", "C:\\Windows\\System32\\net.exe", "CORP\\carol"),
  {
    Channel: SYSMON,
    EventID: 3,
    Computer: "WS02",
    UtcTime: utcTime(recent(180)),
    Image: "C:\\Tools\\psexec.exe",
    DestinationIp: "198.51.100.23",
    DestinationPort: 445,
  },
  {
    Channel: "Security",
    EventID: 4625,
    Computer: "DC01",
    TimeCreated: new Date(recent(240)).toISOString(),
    TargetUserName: "administrator",
    LogonType: "3",
    IpAddress: "203.0.113.50",
  },
];

describe("events page", () => {
  let ui: UiSession;
  const page = () => ui.page;
  const table = () => page().getByRole("table", { name: "Events" });
  const rows = () => table().locator("tbody tr");
  const queryInput = () => page().getByLabel("Search query");
  const panel = () => page().getByRole("complementary");
  const fieldRow = (name: string) =>
    panel()
      .locator("tr")
      .filter({ has: page().locator("th", { hasText: new RegExp(`^${name.replace(/\./g, "\\.")}$`) }) });

  async function settled(count: number) {
    const label = `${count} ${count === 1 ? "event" : "events"}`;
    await page()
      .locator(".events-count", { hasText: new RegExp(`^${label}$`) })
      .waitFor();
    await page().waitForFunction(() => document.querySelector("table")?.getAttribute("aria-busy") === "false");
    expect(await rows().count()).toBe(count);
  }

  async function search(query: string) {
    await queryInput().fill(query);
    await queryInput().press("Enter");
  }

  async function pick(field: string, item: string) {
    await fieldRow(field).locator(".field-value button").click();
    await page().getByRole("menuitem", { name: item }).click();
  }

  beforeAll(async () => {
    ui = await startUiSession();
    const agent = await ui.admin.createAgentToken("events-agent");
    const answer = await ui.admin.ingest(agent, RECORDS);
    expect(answer.rejected).toEqual([]);
    await ui.signIn();
  });

  afterAll(async () => {
    await ui?.close();
  });

  test("lists the range's events newest first, grouped by type with counts", async () => {
    await page().goto(ui.url("/events"));
    await settled(RECORDS.length);
    expect(await rows().first().textContent()).toContain("whoami.exe /all");
    const facets = page().getByRole("navigation", { name: "Event types" });
    await facets.getByRole("button", { name: /process_creation.*3$/ }).click();
    await page().waitForURL(/dataset=windows\.sysmon_operational&action=process_creation/);
    await settled(3);
    await facets.getByRole("button", { name: /All types/ }).click();
    await settled(RECORDS.length);
  });

  test("Enter runs a query and puts it in the URL", async () => {
    await search("Image:*\\psexec.exe");
    await settled(2);
    expect(new URL(page().url()).searchParams.get("q")).toBe("Image:*\\psexec.exe");
    await search("destination.port >= 400 or TargetUserName:admin*");
    await settled(2);
  });

  test("a syntax error is shown at its position, and the caret moves there", async () => {
    await search('host:WS01 and user.name:"bob');
    const error = page().locator(".query-error");
    await error.waitFor();
    expect(await error.textContent()).toContain("this quote is never closed");
    expect(await error.textContent()).toContain("(at character 25)");
    expect(await page().locator(".query-error-mark").textContent()).toBe('"');
    expect(await queryInput().getAttribute("aria-invalid")).toBe("true");
    expect(await queryInput().evaluate((input: HTMLInputElement) => input.selectionStart)).toBe(24);
    await search("");
    await settled(RECORDS.length);
    expect(await error.count()).toBe(0);
  });

  test("a column toggled in the chooser shows, lands in the URL and is remembered", async () => {
    await page().getByText("Columns", { exact: true }).click();
    await page().getByRole("checkbox", { name: "destination.port" }).check();
    await table().getByRole("columnheader", { name: "destination.port" }).waitFor();
    expect(await table().locator("tbody").textContent()).toContain("445");
    expect(new URL(page().url()).searchParams.getAll("col")).toContain("destination.port");
    await page().getByText("Columns", { exact: true }).click();

    await page().goto(ui.url("/events"));
    await page().waitForURL(/col=destination\.port/);
    await table().getByRole("columnheader", { name: "destination.port" }).waitFor();
  });

  test("an event opens in the side panel with every field, and filter for / out edit the query", async () => {
    await search("EventID:1");
    await settled(3);
    await rows().filter({ hasText: "psexec.exe /all" }).click();
    await panel().getByRole("heading", { name: "process_creation on WS02" }).waitFor();
    expect(await fieldRow("CommandLine").textContent()).toContain("psexec.exe /all");
    expect(await fieldRow("process.executable").textContent()).toContain("C:\\Tools\\psexec.exe");

    await pick("host.name", "Filter for");
    await settled(1);
    expect(await queryInput().inputValue()).toBe('EventID:1 and host.name:"WS02"');

    await search("EventID:1");
    await settled(3);
    await pick("user.name", "Filter out");
    await settled(2);
    expect(await queryInput().inputValue()).toBe('EventID:1 and not user.name:"CORP\\alice"');
    expect(await table().locator("tbody").textContent()).not.toContain("psexec");
  });

  test("a field of the record becomes a table column from the side panel", async () => {
    await panel().getByRole("button", { name: "Show column CommandLine" }).click();
    await table().getByRole("columnheader", { name: "CommandLine" }).waitFor();
    expect(await panel().getByRole("button", { name: "Remove column CommandLine" }).getAttribute("aria-pressed")).toBe(
      "true",
    );
    expect(new URL(page().url()).searchParams.getAll("col")).toContain("CommandLine");
  });

  test("a value goes into the false-positive filter after a confirmation", async () => {
    await pick("process.executable", "Add to false-positive filter");
    const dialog = page().getByRole("dialog", { name: "Add to the false-positive filter" });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("C:\\Tools\\psexec.exe");
    await dialog.getByLabel("Comment (optional)").fill("admin tool on WS02");
    await screenshot(page(), "events-exception");
    await dialog.getByRole("button", { name: "Add exception" }).click();
    await page()
      .getByRole("status")
      .filter({ hasText: "Added to the false-positive filter: process.executable = C:\\Tools\\psexec.exe" })
      .waitFor();
    expect(await dialog.count()).toBe(0);

    const { exceptions } = await ui.admin.call<{ exceptions: { field: string; value: string; comment: string }[] }>(
      "GET",
      "/exceptions",
    );
    expect(exceptions).toContainEqual(
      expect.objectContaining({
        field: "process.executable",
        value: "C:\\Tools\\psexec.exe",
        comment: "admin tool on WS02",
      }),
    );
    await screenshot(page(), "events-detail");
  });

  test("Escape closes the side panel", async () => {
    await panel().focus();
    await page().keyboard.press("Escape");
    expect(await panel().count()).toBe(0);
    expect(new URL(page().url()).searchParams.has("event")).toBe(false);
  });

  test("dragging across the histogram zooms the time range", async () => {
    await search("");
    await settled(RECORDS.length);
    const chart = page().locator(".histogram svg");
    const box = await chart.boundingBox();
    if (!box) throw new Error("the histogram is not drawn");
    const y = box.y + box.height / 2;
    await page().mouse.move(box.x + box.width * 0.9, y);
    await page().mouse.down();
    await page().mouse.move(box.x + box.width * 0.95, y, { steps: 5 });
    // Past the right edge: the selection stops at the end of the range.
    await page().mouse.move(box.x + box.width + 20, y, { steps: 5 });
    await page().mouse.up();
    await page().waitForURL(/from=.*&to=/);
    const params = new URL(page().url()).searchParams;
    const span = Date.parse(params.get("to") ?? "") - Date.parse(params.get("from") ?? "");
    expect(span).toBeGreaterThan(0);
    expect(span).toBeLessThan(6 * 3600_000);
    // The last tenth of a day holds the four events of the last minutes, not the one of 3 hours ago.
    await settled(RECORDS.length - 1);
    await screenshot(page(), "events");
  });

  test("no step raised a script error or opened a dialog", () => {
    expect(ui.problems).toEqual({ errors: [], dialogs: [] });
  });
});
