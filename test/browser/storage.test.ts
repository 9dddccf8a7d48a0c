/**
 * The Storage page as an admin sees it: the D1 database's size against its limit, the events and
 * retention, a day the cron archived to R2 and restored with one click, and the amber warning
 * once the database is past 80% of its limit.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  ADMIN_PASSWORD,
  ADMIN_USERNAME,
  ApiClient,
  screenshot,
  startUiSession,
  type UiSession,
} from "../support/ui-session.ts";

const DAY_MS = 86_400_000;
/** 40 days ago at 09:00 UTC: old logs, received now. */
const OLD = (Math.floor(Date.now() / DAY_MS) - 40) * DAY_MS + 9 * 3_600_000;

function notepad(at: number, host: string) {
  return {
    Channel: "Microsoft-Windows-Sysmon/Operational",
    EventID: 1,
    Computer: host,
    UtcTime: new Date(at).toISOString().replace("T", " ").replace("Z", ""),
    Image: "C:\\Windows\\System32\\notepad.exe",
    CommandLine: "notepad.exe notes.txt",
    ParentImage: "C:\\Windows\\explorer.exe",
    User: "CORP\\alice",
  };
}

describe("storage", () => {
  let ui: UiSession;
  /** The day the cron archived: the one the events were received on. */
  let archivedDay: string;

  beforeAll(async () => {
    ui = await startUiSession();
    const agent = await ui.admin.createAgentToken("storage-agent");
    const old = await ui.admin.ingest(
      agent,
      [0, 1, 2].map((i) => notepad(OLD + i * 60_000, "ws-old")),
    );
    expect(old.accepted).toBe(3);
    expect((await ui.admin.ingest(agent, [notepad(Date.now() - 60_000, "ws-new")])).accepted).toBe(1);
    // wrangler dev runs the cron handler on this path, here as it would run 40 days on: retention
    // counts from when events arrived, so only then is the day they were received archived and deleted.
    const cronAt = Date.now() + 40 * DAY_MS;
    const cron = await fetch(ui.url(`/cdn-cgi/handler/scheduled?cron=*/15+*+*+*+*&time=${cronAt}`));
    expect(cron.status).toBe(200);
    // That run swept the admin's session as expired by then: sign in again.
    const admin = await ApiClient.signIn(ui.url(""), ADMIN_USERNAME, ADMIN_PASSWORD);
    const { days } = await admin.call<{ days: { day: string }[] }>("GET", "/archives");
    expect(days).toHaveLength(1);
    archivedDay = days[0]?.day ?? "";
    await ui.signIn();
  });

  afterAll(async () => {
    await ui?.close();
  });

  test("shows the database's size against D1's limit and restores an archived day", async () => {
    const { page } = ui;
    await page.goto(ui.url("/storage"));
    await page.getByRole("heading", { name: "Storage", level: 1 }).waitFor();
    await expect.poll(() => page.getByTestId("storage-size").textContent()).toMatch(/^[\d.,]+ (kB|MB) of 10 GB$/);
    expect(await page.locator(".storage-percent").textContent()).toMatch(/% used$/);
    expect(await page.locator(".storage-warning").count()).toBe(0);
    expect(await page.getByTestId("storage-events").textContent()).toBe("1");
    expect(await page.getByTestId("storage-retention").textContent()).toMatch(/^30 days/);
    expect(await page.getByTestId("storage-archived").textContent()).toBe(`1 (${archivedDay} to ${archivedDay})`);

    await page.getByRole("button", { name: `Restore ${archivedDay}` }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `${archivedDay}: 3 events put back` })
      .waitFor();
    await expect.poll(() => page.getByTestId("storage-events").textContent()).toBe("4");
    await page.getByText("restored, kept until").waitFor();
    await screenshot(page, "storage");
    expect(ui.problems.errors).toEqual([]);
  });

  test("turns amber with a warning past 80% of the limit", async () => {
    const { page } = ui;
    // A real 8.6 GB database is out of reach of a test: the page is shown the answer one would give.
    await page.route("**/api/v1/storage", async (route) => {
      const answer = await (await route.fetch()).json();
      answer.database = { size_bytes: 8.6e9, limit_bytes: 10e9, used_ratio: 0.86, level: "warning" };
      await route.fulfill({ json: answer });
    });
    await page.goto(ui.url("/storage"));
    await page.getByRole("alert").filter({ hasText: "past 80% of its limit" }).waitFor();
    expect(await page.getByTestId("storage-size").textContent()).toBe("8.6 GB of 10 GB");
    expect(await page.locator(".storage-percent").textContent()).toBe("86.0% used");
    const fill = await page.locator(".storage-meter-fill").evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(fill).toBe("rgb(224, 161, 0)");
    // The panel's own border must not win over the warning's (styles.css is bundled after storage.css).
    const border = await page.locator(".storage-database").evaluate((el) => getComputedStyle(el).borderTopColor);
    expect(border).toBe("rgb(224, 161, 0)");
    await screenshot(page, "storage-warning");
    await page.unroute("**/api/v1/storage");
  });
});
