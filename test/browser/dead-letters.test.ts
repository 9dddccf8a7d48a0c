/**
 * The dead letters page on a live `wrangler dev`: batches that D1 refuses go through the real retry
 * queue into the dead-letter queue; the admin sees them with their error, looks at a part's records,
 * replays one once the fault is fixed and discards the other, each after confirming.
 *
 * The fault is a SQLite trigger put into the local D1 before the Worker starts: it refuses the events
 * of batches named poison-* until a user named "fault-fixed" exists, so the test can "fix" it
 * through the API while the Worker runs.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { migrate } from "../support/dev-server.ts";
import { screenshot, startUiSession, type UiSession } from "../support/ui-session.ts";

const REPO_ROOT = resolve(import.meta.dirname, "../..");
const FAULT_TRIGGER = `CREATE TRIGGER dead_letter_fault BEFORE INSERT ON events
  WHEN NEW.batch_id LIKE 'poison-%' AND NOT EXISTS (SELECT 1 FROM users WHERE username = 'fault-fixed')
  BEGIN SELECT RAISE(ABORT, 'injected fault: the events table refuses this batch'); END`;

interface DeadLetter {
  id: number;
  batch_id: string;
  last_error: string | null;
  status: string;
}

async function wrangler(persistDir: string, ...args: string[]) {
  const envFile = join(persistDir, "empty.env");
  await writeFile(envFile, "");
  await promisify(execFile)(
    "npx",
    ["wrangler", "d1", ...args, "DB", "--local", "--persist-to", persistDir, "--env-file", envFile],
    { cwd: REPO_ROOT, env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" } },
  );
}

function records(host: string) {
  return ["whoami.exe", "net.exe", "cmd.exe"].map((image, i) => ({
    Channel: "Microsoft-Windows-Sysmon/Operational",
    EventID: 1,
    Computer: host,
    UtcTime: `2026-11-23 08:00:0${i}.000`,
    Image: `C:\\Windows\\System32\\${image}`,
    CommandLine: image,
    User: "CORP\\bob",
  }));
}

describe("dead letters page", () => {
  let ui: UiSession;
  let persistDir: string;
  const page = () => ui.page;
  const table = () => page().getByRole("table", { name: "Dead letters" });
  const deadLetters = async (status = "all") =>
    (await ui.admin.call<{ items: DeadLetter[]; pending: number }>("GET", `/dead-letters?status=${status}`)).items;

  beforeAll(async () => {
    persistDir = await mkdtemp(join(tmpdir(), "edgesiem-dead-letters-"));
    await writeFile(join(persistDir, "empty.env"), "");
    await migrate(persistDir, join(persistDir, "empty.env"), []);
    await wrangler(persistDir, "execute", "--command", FAULT_TRIGGER);
    // Failed parts retry at once, so they reach the dead-letter queue in seconds.
    ui = await startUiSession({ persistDir, vars: { INGEST_RETRY_BASE_SECONDS: "0" } });
    const agent = await ui.admin.createAgentToken("WS01");
    for (const [batchId, host] of [
      ["poison-ws01", "WS01"],
      ["poison-ws02", "WS02"],
    ] as const) {
      const response = await fetch(ui.url("/api/v1/ingest"), {
        method: "POST",
        headers: { authorization: `Bearer ${agent}`, "content-type": "application/json" },
        body: JSON.stringify({ batch_id: batchId, events: records(host) }),
      });
      expect(await response.json()).toMatchObject({ status: "queued", accepted: 3 });
    }
    const deadline = Date.now() + 90_000;
    while ((await deadLetters("pending")).filter((letter) => letter.last_error !== null).length < 2) {
      if (Date.now() > deadline) throw new Error(`no dead letters in time\n${ui.server.logs()}`);
      await new Promise((done) => setTimeout(done, 500));
    }
    await ui.signIn();
  });

  afterAll(async () => {
    await ui?.close();
    if (persistDir) await rm(persistDir, { recursive: true, force: true });
  });

  test("lists the pending dead letters with their error, batch and records", async () => {
    await page().getByRole("link", { name: "Dead letters", exact: true }).click();
    await page().waitForURL(ui.url("/dead-letters"));
    const rows = table().locator("tbody tr");
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    const first = rows.filter({ hasText: "poison-ws01" });
    expect(await first.textContent()).toContain("injected fault: the events table refuses this batch");
    expect(await first.textContent()).toContain("token WS01");
    expect(await first.locator("td").nth(2).textContent()).toBe("3");
    await page().getByRole("button", { name: "Replay all pending (2)" }).waitFor();
    await screenshot(page(), "dead-letters");
  });

  test("shows a dead letter's records as text", async () => {
    const letter = (await deadLetters()).find((l) => l.batch_id === "poison-ws01");
    await page()
      .getByRole("button", { name: `Show the records of dead letter ${letter?.id}` })
      .click();
    const dialog = page().getByRole("dialog");
    const records = dialog.getByRole("table", { name: `Records of dead letter ${letter?.id}` });
    await records.locator("tbody tr").nth(2).waitFor();
    expect(await records.locator("tbody tr").first().textContent()).toContain("windows.sysmon_operational");
    expect(page().url()).toContain(`open=${letter?.id}`);
    await screenshot(page(), "dead-letters-records");
    await page().keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
  });

  test("replays one after the fix and discards the other, each after confirming", async () => {
    // The fix: the trigger stops refusing once this user exists.
    await fetch(ui.url("/api/v1/auth/signup"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "fault-fixed", password: "a-long-password-for-tests" }),
    });
    const letters = await deadLetters();
    const ws01 = letters.find((l) => l.batch_id === "poison-ws01");
    const ws02 = letters.find((l) => l.batch_id === "poison-ws02");

    await page()
      .getByRole("button", { name: `Replay dead letter ${ws01?.id}` })
      .click();
    await page().getByRole("dialog").getByRole("button", { name: "Replay", exact: true }).click();
    await page().getByText(`Dead letter ${ws01?.id} was replayed`).waitFor();

    await page()
      .getByRole("button", { name: `Discard dead letter ${ws02?.id}` })
      .click();
    await page().getByRole("dialog").getByRole("button", { name: "Discard", exact: true }).click();
    await page().getByText(`Dead letter ${ws02?.id} was discarded.`).waitFor();
    await page().getByText("No pending dead letters").waitFor();
    await screenshot(page(), "dead-letters-empty");

    await page().getByRole("button", { name: "Replayed", exact: true }).click();
    await page().waitForURL(ui.url("/dead-letters?status=replayed"));
    const replayed = table().locator("tbody tr").filter({ hasText: "poison-ws01" });
    await replayed.waitFor();
    expect(await replayed.textContent()).toContain("by admin");

    expect((await deadLetters()).map((l) => [l.batch_id, l.status]).sort()).toEqual([
      ["poison-ws01", "replayed"],
      ["poison-ws02", "discarded"],
    ]);
    const stored = await ui.admin.call<{ events: unknown[] }>("GET", "/events?from=0&limit=50");
    expect(stored.events).toHaveLength(3);
    expect(ui.problems).toEqual({ errors: [], dialogs: [] });
  });
});
